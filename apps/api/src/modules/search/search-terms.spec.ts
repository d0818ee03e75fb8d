import { describe, expect, it } from '@jest/globals';
import { searchTerms } from './search-terms.js';

describe('searchTerms', () => {
  it('reads a name as a name only', () => {
    expect(searchTerms('  Ivanof ', 'LV')).toEqual({ name: 'ivanof', email: null, phone: null, phoneDigits: null, taxId: null });
  });

  it('reads an email as an email only', () => {
    expect(searchTerms('Anna@Example.COM', 'LV')).toEqual({ name: null, email: 'anna@example.com', phone: null, phoneDigits: null, taxId: null });
  });

  it('reads a phone in any format as E.164 plus its digits', () => {
    for (const typed of ['+371 2612 3456', '26123456', '(+371) 26-123-456']) {
      expect(searchTerms(typed, 'LV')).toMatchObject({ name: null, phone: '+37126123456' });
    }
    expect(searchTerms('6123456', 'LV').phoneDigits).toBe('6123456');
  });

  it('looks up a number exactly only when it can be a whole number, and its tail otherwise', () => {
    expect(searchTerms('4293119', 'LV')).toMatchObject({ phone: null, phoneDigits: '4293119' });
    expect(searchTerms('+7 495 429-31-19', 'LV')).toMatchObject({ phone: '+74954293119', phoneDigits: '74954293119' });
  });

  it('reads digits and letters of a tax id, and a long number as a tax id too', () => {
    expect(searchTerms('LV 4000-324.5752', 'LV')).toMatchObject({ name: 'lv 4000-324.5752', taxId: 'LV40003245752' });
    expect(searchTerms('40003245752', 'LV')).toMatchObject({ name: null, phoneDigits: '40003245752', taxId: '40003245752' });
    expect(searchTerms('Baltic', 'LV').taxId).toBeNull();
  });
});

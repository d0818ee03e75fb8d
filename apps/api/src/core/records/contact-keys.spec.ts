import { describe, expect, it } from '@jest/globals';
import { normalizeEmail, normalizePhone, normalizeTaxId, phoneDigitsOf } from './contact-keys.js';

describe('contact keys', () => {
  it('reads phones in any format to E.164, in the default region when no country code is given', () => {
    expect(normalizePhone('+371 2612 3456', 'LV')).toBe('+37126123456');
    expect(normalizePhone('26 123 456', 'LV')).toBe('+37126123456');
    expect(normalizePhone('8 (495) 123-45-67', 'RU')).toBe('+74951234567');
    expect(normalizePhone('+7 (912) 345-67-89', 'LV')).toBe('+79123456789');
    expect(normalizePhone('612 34 56 78', 'ES')).toBe('+34612345678');
    expect(normalizePhone('call me', 'LV')).toBeNull();
  });

  it('lower-cases emails and strips tax id punctuation', () => {
    expect(normalizeEmail('  Anna@Example.COM ')).toBe('anna@example.com');
    expect(normalizeTaxId('lv 4000-3245.752')).toBe('LV40003245752');
  });

  it('recognizes a phone fragment of seven digits or more', () => {
    expect(phoneDigitsOf('123-45-67')).toBe('1234567');
    expect(phoneDigitsOf('12345')).toBeNull();
    expect(phoneDigitsOf('Anna 1234567')).toBeNull();
  });
});

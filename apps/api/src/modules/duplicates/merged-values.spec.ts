import { describe, expect, it } from '@jest/globals';
import { mergedValues } from './merged-values.js';

const base = { id: 'kept', ownerId: 'u1', emails: [], phones: [], tags: [], address: null, custom: {} };

describe('mergedValues', () => {
  it('fills empty columns, keeps filled ones and never takes identity or ownership', () => {
    const values = mergedValues(
      ['id', 'ownerId', 'position', 'companyId', 'status', 'emails', 'phones', 'tags'],
      { ...base, position: '', companyId: null, status: 'client' },
      { ...base, id: 'gone', ownerId: 'u2', position: 'CEO', companyId: 'co1', status: 'lead' },
      'LV',
    );
    expect(values).toMatchObject({ position: 'CEO', companyId: 'co1' });
    expect(values).not.toHaveProperty('status');
    expect(values).not.toHaveProperty('id');
    expect(values).not.toHaveProperty('ownerId');
  });

  it('joins emails, phones and tags without repeats however they were written, and recomputes the keys', () => {
    const values = mergedValues(
      ['emails', 'phones', 'tags', 'taxId'],
      { ...base, taxId: null, emails: [{ type: 'work', value: 'Anna@Example.com' }], phones: [{ type: 'mobile', value: '+371 2612 3456' }], tags: ['vip'] },
      {
        ...base,
        taxId: 'LV 4000 3245 752',
        emails: [{ type: 'work', value: 'anna@example.com' }, { type: 'personal', value: 'anna@home.example' }],
        phones: [{ type: 'work', value: '26123456' }, { type: 'work', value: '+371 6700 0000' }],
        tags: ['vip', 'newsletter'],
      },
      'LV',
    );
    expect(values.emails).toEqual([{ type: 'work', value: 'Anna@Example.com' }, { type: 'personal', value: 'anna@home.example' }]);
    expect(values.phones).toEqual([{ type: 'mobile', value: '+371 2612 3456' }, { type: 'work', value: '+371 6700 0000' }]);
    expect(values.tags).toEqual(['vip', 'newsletter']);
    expect(values).toMatchObject({
      taxId: 'LV 4000 3245 752',
      taxIdNormalized: 'LV40003245752',
      emailsNormalized: ['anna@example.com', 'anna@home.example'],
      phonesNormalized: ['+37126123456', '+37167000000'],
    });
  });

  it('completes custom values key by key but takes an address whole', () => {
    const values = mergedValues(
      ['custom', 'address', 'emails', 'phones', 'tags'],
      { ...base, custom: { size: 'L', note: '' }, address: { city: 'Riga' } },
      { ...base, custom: { size: 'S', note: 'call first', region: 'north' }, address: { city: 'Tallinn', street: 'Main 1' } },
      'LV',
    );
    expect(values.custom).toEqual({ size: 'L', note: 'call first', region: 'north' });
    expect(values).not.toHaveProperty('address');
  });
});

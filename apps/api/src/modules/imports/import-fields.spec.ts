import { describe, expect, it } from '@jest/globals';
import { headerKey, rowBody, suggestMapping } from './import-fields.js';

describe('import fields', () => {
  it('reads column titles in any case, punctuation and language', () => {
    expect(headerKey('E-mail 2')).toBe('email');
    expect(headerKey('Эл. почта')).toBe('элпочта');
    expect(headerKey(' Ёмкость ')).toBe('емкость');
  });

  it('suggests fields from English, Russian, Latvian and Spanish titles, each once except the repeatable ones', () => {
    const header = ['Имя', 'Фамилия', 'E-mail', 'Email 2', 'Телефон', 'Компания', 'Должность', 'Теги', 'Статус', 'Uzvārds', 'Notes'];
    expect(suggestMapping('contact', header)).toEqual([
      { column: 0, field: 'firstName' },
      { column: 1, field: 'lastName' },
      { column: 2, field: 'email' },
      { column: 3, field: 'email' },
      { column: 4, field: 'phone' },
      { column: 5, field: 'company' },
      { column: 6, field: 'position' },
      { column: 7, field: 'tags' },
      { column: 8, field: 'status' },
    ]);
    expect(suggestMapping('company', ['Название', 'ИНН', 'Сайт', 'Nombre', 'VAT number']).map((mapped) => mapped.field)).toEqual(['name', 'taxId', 'website']);
  });

  it('turns a row into the create body of the API, leaving empty cells out', () => {
    const mapping = [
      { column: 0, field: 'lastName' },
      { column: 1, field: 'email' },
      { column: 2, field: 'phone' },
      { column: 3, field: 'tags' },
      { column: 4, field: 'country' },
      { column: 5, field: 'owner' },
      { column: 6, field: 'company' },
      { column: 7, field: 'status' },
      { column: 8, field: 'position' },
    ] as const;
    const row = rowBody('contact', [...mapping], ['Bērziņš', 'a@x.lv; b@x.lv', '+371 2612 3456', 'VIP, new', 'lv', 'Rep@Test.crm', 'SIA Koks', 'Client', '  ']);
    expect(row).toEqual({
      body: {
        lastName: 'Bērziņš',
        emails: [
          { type: 'work', value: 'a@x.lv' },
          { type: 'work', value: 'b@x.lv' },
        ],
        phones: [{ type: 'mobile', value: '+371 2612 3456' }],
        tags: ['VIP', 'new'],
        address: { country: 'LV' },
        status: 'client',
      },
      ownerEmail: 'rep@test.crm',
      companyName: 'SIA Koks',
    });
  });
});

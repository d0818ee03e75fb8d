import { describe, expect, it } from '@jest/globals';
import { type FieldRule, mergeValues, normalizeValue } from './custom-field-values.js';

const field = (type: FieldRule['type'], extra: Partial<FieldRule> = {}): FieldRule => ({ key: 'f', type, required: false, options: [], ...extra });
const value = (rule: FieldRule, input: unknown) => normalizeValue(rule, input, 'LV');

describe('custom field values', () => {
  it.each([
    [0.1, '0.10'],
    [12, '12.00'],
    ['-0', '0.00'],
    ['-0.00', '0.00'],
    ['1234567890123.45', '1234567890123.45'],
  ])('keeps money %j as the exact decimal %j', (input, stored) => {
    expect(value(field('money'), input)).toEqual({ value: stored });
  });

  it.each([[0.125], [1e21], ['1e3'], ['12345678901234'], [Number.NaN]])('refuses money %j rather than rounding it', (input) => {
    expect(value(field('money'), input)).toEqual({ problem: expect.objectContaining({ code: 'isMoney' }) });
  });

  it('reads blank input of any type as no value', () => {
    for (const type of ['text', 'number', 'date', 'multi-select'] as const) {
      for (const blank of [null, undefined, '', '   ', []]) expect(value(field(type), blank)).toEqual({ value: null });
    }
  });

  it('reads phone numbers in the default region', () => {
    expect(value(field('phone'), '26123456')).toEqual({ value: '+37126123456' });
  });

  it('merges an update over stored values and checks required fields only where the write touches them', () => {
    const rules = [field('text', { key: 'a', required: true }), field('number', { key: 'b' })];
    expect(mergeValues(rules, { b: '2' }, { a: 'x', b: 1 }, 'LV')).toEqual({ values: { a: 'x', b: 2 }, errors: [] });
    expect(mergeValues(rules, { a: null }, { a: 'x' }, 'LV').errors.map((error) => error.codes)).toEqual([['required']]);
    expect(mergeValues(rules, { b: 3 }, {}, 'LV').errors).toEqual([]);
    expect(mergeValues(rules, {}, null, 'LV').errors.map((error) => error.field)).toEqual(['custom.a']);
  });

  it('lets a stored value through unchanged although its option is gone', () => {
    const select = [field('select', { key: 's', options: [{ value: 'new' }] })];
    expect(mergeValues(select, { s: 'old' }, { s: 'old' }, 'LV')).toEqual({ values: { s: 'old' }, errors: [] });
    expect(mergeValues(select, { s: 'other' }, { s: 'old' }, 'LV').errors.map((error) => error.codes)).toEqual([['isIn']]);
  });
});

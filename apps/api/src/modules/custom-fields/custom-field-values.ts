import { isEmail, isURL } from 'class-validator';
import { normalizeEmail, normalizePhone } from '../../core/records/contact-keys.js';
import type { FieldError } from '../../core/http/validation.js';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'money', 'date', 'boolean', 'select', 'multi-select', 'url', 'phone', 'email'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const CUSTOM_FIELD_ENTITIES = ['contact', 'company', 'deal'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

/** A stored value: what `normalizeValue` makes of the input, never null (an empty value is no key at all). */
export type CustomValue = string | number | boolean | string[];
export type CustomValues = Record<string, CustomValue>;

/** What validation needs to know of a definition. */
export interface FieldRule {
  key: string;
  type: CustomFieldType;
  required: boolean;
  options: { value: string }[];
}

export const MAX_TEXT_LENGTH = 1000;
// Beyond 2^53 a JSON number loses digits in JavaScript, which would break exact cursors and equality filters.
const MAX_NUMBER = 1e15;
const MONEY = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const PHONE = /^\+?[\d\s().-]{3,40}$/;

/** A rule broken by a value: the code clients translate, and a sentence for those that do not. */
export interface ValueProblem {
  code: string;
  message: string;
}

export type Normalized = { value: CustomValue | null } | { problem: ValueProblem };

const problem = (code: string, message: string): Normalized => ({ problem: { code, message } });
const ok = (value: CustomValue | null): Normalized => ({ value });

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** Money is kept as a decimal string with two places, so that no binary fraction ever rounds a cent. */
function toMoney(value: unknown): string | null {
  // String(0.1) is "0.1", and a number with more than two decimals is refused rather than rounded.
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = MONEY.exec(text);
  if (!match) return null;
  const [, sign, whole, cents = ''] = match;
  const digits = `${BigInt(whole!)}.${cents.padEnd(2, '0')}`;
  return sign && digits !== '0.00' ? `-${digits}` : digits;
}

/** A calendar date as YYYY-MM-DD; a date-time keeps the date as written, before any time zone shift. */
function toDate(value: unknown): string | null {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? text.slice(0, 10) : null;
}

/**
 * Checks one input value against its field's type and turns it into the stored form: numbers as JSON numbers, money
 * as a two-place decimal string, dates as YYYY-MM-DD, emails lower-cased, phones in E.164, multi-select values
 * de-duplicated and sorted. A blank value (null, '', []) means "no value".
 */
export function normalizeValue(field: FieldRule, value: unknown, phoneRegion: string): Normalized {
  if (isBlank(value)) return ok(null);
  const options = new Set(field.options.map((option) => option.value));
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return problem('isString', 'must be text');
      const text = value.trim();
      return text.length > MAX_TEXT_LENGTH ? problem('maxLength', `must be at most ${MAX_TEXT_LENGTH} characters`) : ok(text);
    }
    case 'number': {
      const number = toNumber(value);
      if (number === null) return problem('isNumber', 'must be a number');
      return Math.abs(number) > MAX_NUMBER ? problem('max', `must be between -${MAX_NUMBER} and ${MAX_NUMBER}`) : ok(number);
    }
    case 'money': {
      const money = toMoney(value);
      return money === null ? problem('isMoney', 'must be an amount with at most two decimals, e.g. 1250.50') : ok(money);
    }
    case 'date': {
      const date = toDate(value);
      return date === null ? problem('isDate', 'must be a date as YYYY-MM-DD') : ok(date);
    }
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : problem('isBoolean', 'must be true or false');
    case 'select':
      return typeof value === 'string' && options.has(value) ? ok(value) : problem('isIn', `must be one of ${[...options].join(', ')}`);
    case 'multi-select': {
      if (!Array.isArray(value)) return problem('isArray', 'must be a list of options');
      if (!value.every((item): item is string => typeof item === 'string' && options.has(item))) {
        return problem('isIn', `each value must be one of ${[...options].join(', ')}`);
      }
      return ok([...new Set(value)].sort());
    }
    case 'url': {
      if (typeof value !== 'string') return problem('isUrl', 'must be an http(s) address');
      const url = value.trim();
      if (url.length > 500) return problem('maxLength', 'must be at most 500 characters');
      return isURL(url, { require_protocol: true, protocols: ['http', 'https'] }) ? ok(url) : problem('isUrl', 'must be an http(s) address');
    }
    case 'phone': {
      // The same rule as the phones of a record, stored in E.164 like their normalized keys.
      if (typeof value !== 'string' || !PHONE.test(value.trim()) || !/\d{3}/.test(value)) {
        return problem('phone', 'must be a phone number of digits, spaces and + ( ) - .');
      }
      return ok(normalizePhone(value, phoneRegion) ?? value.trim());
    }
    case 'email':
      return typeof value === 'string' && isEmail(value.trim()) && value.trim().length <= 254
        ? ok(normalizeEmail(value))
        : problem('isEmail', 'must be an email address');
  }
}

/**
 * The custom values a write leaves on a record: `input` merged over `stored` (a key set to null removes the value),
 * each value checked against the active fields. Unknown and inactive keys are refused; a value equal to the stored
 * one passes as is, so that a record stays editable after its field's options changed. Required fields must have a
 * value after a create, and cannot be emptied by an update.
 */
export function mergeValues(
  fields: FieldRule[],
  input: Record<string, unknown> | null | undefined,
  stored: CustomValues | null,
  phoneRegion: string,
): { values: CustomValues; errors: FieldError[] } {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const values: CustomValues = { ...(stored ?? {}) };
  const errors: FieldError[] = [];
  const fail = (key: string, { code, message }: ValueProblem) =>
    errors.push({ field: `custom.${key}`, messages: [`custom.${key} ${message}`], codes: [code] });

  for (const [key, raw] of Object.entries(input ?? {})) {
    const field = byKey.get(key);
    if (!field) {
      fail(key, { code: 'unknownField', message: 'is not an active custom field' });
      continue;
    }
    if (stored && key in stored && JSON.stringify(stored[key]) === JSON.stringify(raw)) continue;
    const result = normalizeValue(field, raw, phoneRegion);
    if ('problem' in result) fail(key, result.problem);
    else if (result.value === null) delete values[key];
    else values[key] = result.value;
  }
  for (const field of fields) {
    const touched = stored === null || (input != null && field.key in input);
    if (field.required && touched && !(field.key in values)) fail(field.key, { code: 'required', message: 'is required' });
  }
  return { values, errors };
}

/** Custom values as separate audit fields (`custom.region`), so that the history shows each one's change. */
export function auditedCustomValues(values: CustomValues): Record<string, CustomValue> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`custom.${key}`, value]));
}

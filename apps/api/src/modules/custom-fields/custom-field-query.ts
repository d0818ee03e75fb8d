import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationFailedException } from '../../core/http/validation.js';
import { ListException, parseSort, type SortableFields, type SortTerm } from '../../core/list/cursor-list.js';
import { likePattern } from '../../core/list/list-filters.js';
import { CUSTOM_FIELD_TYPES, type CustomFieldType, type CustomValues, type FieldRule, normalizeValue } from './custom-field-values.js';

export const CUSTOM_FILTER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'empty'] as const;
export type CustomFilterOp = (typeof CUSTOM_FILTER_OPS)[number];

const TEXT_OPS: CustomFilterOp[] = ['eq', 'ne', 'contains', 'in', 'empty'];
const RANGE_OPS: CustomFilterOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'empty'];
const OPS_BY_TYPE: Record<CustomFieldType, CustomFilterOp[]> = {
  text: TEXT_OPS,
  url: TEXT_OPS,
  phone: TEXT_OPS,
  email: TEXT_OPS,
  number: RANGE_OPS,
  money: RANGE_OPS,
  date: RANGE_OPS,
  boolean: ['eq', 'ne', 'empty'],
  select: ['eq', 'ne', 'in', 'empty'],
  'multi-select': ['eq', 'ne', 'in', 'empty'],
};

/** Types whose text can be searched with `contains` (a trigram index per field backs it). */
export const SEARCHABLE_TYPES: readonly CustomFieldType[] = ['text', 'url', 'phone', 'email'];
const NUMERIC_TYPES: readonly CustomFieldType[] = ['number', 'money'];
/** Multi-select values are sets: they can be filtered by member but have no order. */
export const SORTABLE_TYPES: readonly CustomFieldType[] = CUSTOM_FIELD_TYPES.filter((type) => type !== 'multi-select');

export const CUSTOM_FILTER_PATTERN = /^[a-z][a-z0-9_]{0,39}:(eq|ne|gt|gte|lt|lte|contains|in|empty)(:.*)?$/s;

/** Documented once, shown on every list that accepts `cf`. */
export const CUSTOM_FILTER_DESCRIPTION =
  'Custom field filters, repeatable and combined with AND: `cf=key:op:value`. Operators: `eq`, `ne` (also matches ' +
  'records without a value), `gt`, `gte`, `lt`, `lte` (number, money, date), `contains` (case-insensitive text of ' +
  'text, url, phone, email), `in` (comma-separated values), `empty` (`key:empty` or `key:empty:true` for no value, ' +
  '`key:empty:false` for any value). For multi-select fields `eq` means "has this option", `in` "has any of them". ' +
  'Values are read like the field\'s values: `cf=budget:gte:1000`, `cf=since:lt:2024-01-01`, `cf=vip:eq:true`, ' +
  '`cf=region:in:north,south`.';

/**
 * The SQL of one custom field on a table alias (or the bare column, for index definitions): its presence, and the
 * value it sorts and compares by. Filters and sorts use exactly these expressions, so that the per-field index
 * (custom-field-indexes.ts) serves them; keys are checked slugs, safe to write into SQL.
 */
export function customFieldExpressions(column: string, key: string, type: CustomFieldType): { missing: string; value: string | null } {
  const text = `(${column} ->> '${key}')`;
  if (type === 'multi-select') return { missing: `(${text} IS NULL)`, value: null };
  // COALESCE keeps the sort value non-null, so the keyset cursor compares exactly; `missing` orders the empty ones.
  const value = NUMERIC_TYPES.includes(type) ? `COALESCE(crm_numeric_or_null(${text}), 0)` : `COALESCE(${text}, '')`;
  return { missing: `(${text} IS NULL)`, value };
}

function invalidFilter(message: string, code: string): ValidationFailedException {
  return new ValidationFailedException([{ field: 'cf', messages: [message], codes: [code] }]);
}

interface ParsedFilter {
  field: FieldRule;
  op: CustomFilterOp;
  values: (string | number | boolean)[];
  empty?: boolean;
}

/** A filter's value in the stored form of its field, so that `eq` compares like with like. */
function filterValue(field: FieldRule, raw: string, phoneRegion: string, op: CustomFilterOp): string | number | boolean {
  if (op === 'contains') return raw;
  if (field.type === 'boolean') {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw invalidFilter(`cf ${field.key} takes true or false`, 'isBoolean');
  }
  // A filter may name an option that has since been removed; it simply matches nothing.
  if (field.type === 'select' || field.type === 'multi-select') return raw;
  const result = normalizeValue(field, raw, phoneRegion);
  if ('problem' in result || result.value === null || Array.isArray(result.value)) {
    const code = 'problem' in result ? result.problem.code : 'isNotEmpty';
    throw invalidFilter(`cf ${field.key}: the value ${'problem' in result ? result.problem.message : 'is missing'}`, code);
  }
  return result.value;
}

export function parseCustomFilter(spec: string, fields: Map<string, FieldRule>, phoneRegion: string): ParsedFilter {
  const [key = '', op = '', ...rest] = spec.split(':');
  const raw = rest.join(':');
  const field = fields.get(key);
  if (!field) throw invalidFilter(`cf names "${key}", which is no active custom field`, 'unknownField');
  if (!OPS_BY_TYPE[field.type].includes(op as CustomFilterOp)) {
    throw invalidFilter(`cf ${key}: a ${field.type} field takes ${OPS_BY_TYPE[field.type].join(', ')}`, 'unsupportedOperator');
  }
  const filterOp = op as CustomFilterOp;
  if (filterOp === 'empty') {
    if (!['', 'true', 'false'].includes(raw)) throw invalidFilter(`cf ${key}: empty takes true or false`, 'isBoolean');
    return { field, op: filterOp, values: [], empty: raw !== 'false' };
  }
  const parts = filterOp === 'in' ? raw.split(',') : [raw];
  if (parts.some((part) => part.trim() === '')) throw invalidFilter(`cf ${key}: ${op} needs a value`, 'isNotEmpty');
  return { field, op: filterOp, values: parts.map((part) => filterValue(field, part.trim(), phoneRegion, filterOp)) };
}

/** Narrows `query` by parsed `cf` filters; each condition is served by the GIN index or the field's own indexes. */
export function applyCustomFilters<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, alias: string, filters: ParsedFilter[]): void {
  const column = `${alias}.custom`;
  filters.forEach((filter, index) => {
    const { field, op, values } = filter;
    const { missing, value } = customFieldExpressions(column, field.key, field.type);
    const name = (n: number) => `cf${index}_${n}`;
    // Equality through containment, which the jsonb_path_ops GIN index answers.
    const contains = (n: number) => `${column} @> CAST(:${name(n)} AS jsonb)`;
    const containsParam = (v: string | number | boolean) => JSON.stringify({ [field.key]: field.type === 'multi-select' ? [v] : v });
    const params = Object.fromEntries(values.map((v, n) => [name(n), op === 'eq' || op === 'ne' || op === 'in' ? containsParam(v) : v]));
    switch (op) {
      case 'eq':
        query.andWhere(contains(0), params);
        break;
      case 'ne':
        query.andWhere(`NOT (${contains(0)})`, params);
        break;
      case 'in':
        query.andWhere(`(${values.map((_, n) => contains(n)).join(' OR ')})`, params);
        break;
      case 'empty':
        query.andWhere(filter.empty ? missing : `NOT ${missing}`);
        break;
      case 'contains':
        query.andWhere(`lower(${column} ->> '${field.key}') LIKE :${name(0)}`, { [name(0)]: likePattern(String(values[0])) });
        break;
      default: {
        const sql = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
        const cast = NUMERIC_TYPES.includes(field.type) ? 'numeric' : 'text';
        query.andWhere(`NOT ${missing} AND ${value} ${sql} CAST(:${name(0)} AS ${cast})`, params);
      }
    }
  });
}

/** The cursor value of a record's custom field, computed the way the SQL sort expression computes it. */
function sortValueOf(values: CustomValues, key: string, numeric: boolean): string {
  const value = values[key];
  if (numeric) return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) ? String(value) : '0';
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Sort terms of a `sort` parameter in which `cf.key` (or `-cf.key`) may stand beside the list's own fields. A custom
 * field sorts as two keyset terms: records without a value after those with one (before them descending, as
 * PostgreSQL orders NULLs), then the value.
 */
export function parseSortWithCustomFields<T extends { custom: CustomValues }>(
  sort: string | undefined,
  sortable: SortableFields<T>,
  fallback: string,
  fields: Map<string, FieldRule>,
  alias: string,
): SortTerm<T>[] {
  const parts = (sort || fallback).split(',');
  const names = parts.map((part) => part.replace(/^-/, ''));
  if (new Set(names).size !== names.length) throw new ListException('invalid_sort', 'A field appears twice in sort.');
  return parts.flatMap((part) => {
    const descending = part.startsWith('-');
    const name = descending ? part.slice(1) : part;
    if (!name.startsWith('cf.')) return parseSort(part, sortable, fallback);
    const field = fields.get(name.slice(3));
    if (!field || !SORTABLE_TYPES.includes(field.type)) {
      throw new ListException('invalid_sort', `Cannot sort by "${name}": no active custom field of a sortable type has this key.`, {
        errors: [{ field: 'sort', messages: [`sort names ${name}, which cannot be sorted by`], codes: ['unknownField'] }],
      });
    }
    const { missing, value } = customFieldExpressions(`${alias}.custom`, field.key, field.type);
    const numeric = NUMERIC_TYPES.includes(field.type);
    return [
      { name, descending, field: { column: missing, cast: 'boolean', value: (row: T) => String(row.custom[field.key] === undefined) } },
      { name: `${name}:value`, descending, field: { column: value!, cast: numeric ? 'numeric' : 'text', value: (row: T) => sortValueOf(row.custom, field.key, numeric) } },
    ];
  });
}

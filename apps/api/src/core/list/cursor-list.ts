import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { readRows } from '../database/plain-rows.js';
import { DomainException } from '../http/domain-exception.js';

export type ListErrorCode = 'invalid_cursor' | 'invalid_sort';

export class ListException extends DomainException<ListErrorCode> {
  get status(): number {
    return 400;
  }
}

/** A field a list can be sorted by: its API name, its SQL column, and how to read the cursor value off a row. */
export interface SortableField<T> {
  column: string;
  value: (row: T) => string | number;
  /** How a cursor value is cast back in SQL, e.g. 'timestamptz'. */
  cast?: string;
}

export type SortableFields<T> = Record<string, SortableField<T>>;

export interface SortTerm<T> {
  name: string;
  field: SortableField<T>;
  descending: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Accepts `-createdAt,name`: a comma list of fields, `-` for descending. */
export function parseSort<T>(sort: string | undefined, fields: SortableFields<T>, fallback: string): SortTerm<T>[] {
  const terms = (sort || fallback).split(',').map((part) => {
    const descending = part.startsWith('-');
    const name = descending ? part.slice(1) : part;
    const field = fields[name];
    if (!field) {
      throw new ListException('invalid_sort', `Cannot sort by "${name}"; use one of ${Object.keys(fields).join(', ')}.`, {
        errors: [{ field: 'sort', messages: [`sort must be made of ${Object.keys(fields).join(', ')}`] }],
      });
    }
    return { name, field, descending };
  });
  const names = terms.map((term) => term.name);
  if (new Set(names).size !== names.length) {
    throw new ListException('invalid_sort', 'A field appears twice in sort.');
  }
  return terms;
}

/** An opaque cursor for the row whose sort values are `values`, tied to the sort it was made for. */
export function encodeCursor(signature: string, values: (string | number)[]): string {
  return Buffer.from(JSON.stringify([signature, values])).toString('base64url');
}

/** The sort values a cursor carries; 400 `invalid_cursor` when it is malformed or made for another sort. */
export function decodeCursor(cursor: string, signature: string, length: number): (string | number)[] {
  try {
    const [cursorSignature, values] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, unknown[]];
    if (
      cursorSignature === signature &&
      Array.isArray(values) &&
      values.length === length &&
      values.every((value) => typeof value === 'string' || typeof value === 'number')
    ) {
      return values as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new ListException('invalid_cursor', 'The cursor is malformed or belongs to another sort order.', {
    errors: [{ field: 'cursor', messages: ['cursor is not valid for this sort'] }],
  });
}

/**
 * Keyset pagination shared by every list: orders by the requested fields plus the id as a tie-breaker and, given a
 * cursor, continues strictly after the row it names. Each sortable column needs an index ending in `id`.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  options: {
    sort: SortTerm<T>[];
    /** A unique column appended to the sort so that the order is total; omit when the sort already is. */
    tieBreaker?: SortableField<T>;
    limit: number;
    cursor?: string;
  },
): Promise<Page<T>> {
  const terms: { column: string; cast?: string; descending: boolean; value: (row: T) => string | number }[] = [
    ...options.sort.map((term) => ({ column: term.field.column, cast: term.field.cast, descending: term.descending, value: term.field.value })),
  ];
  if (options.tieBreaker) {
    // The tie-breaker follows the last field's direction, so a single-direction sort stays one index scan.
    terms.push({ ...options.tieBreaker, descending: options.sort.at(-1)?.descending ?? false });
  }
  const signature = options.sort.map((term) => (term.descending ? '-' : '') + term.name).join(',');

  if (options.cursor) {
    const values = decodeCursor(options.cursor, signature, terms.length);
    const params: Record<string, string | number> = {};
    values.forEach((value, index) => (params[`cursor${index}`] = value));
    const placeholder = (index: number) => `CAST(:cursor${index} AS ${terms[index]!.cast ?? 'text'})`;
    const sameDirection = terms.every((term) => term.descending === terms[0]!.descending);
    if (sameDirection) {
      // A row comparison lets PostgreSQL start the index scan right at the cursor.
      const op = terms[0]!.descending ? '<' : '>';
      query.andWhere(`(${terms.map((t) => t.column).join(', ')}) ${op} (${terms.map((_, i) => placeholder(i)).join(', ')})`, params);
    } else {
      const alternatives = terms.map((term, index) => {
        const equalities = terms.slice(0, index).map((t, i) => `${t.column} = ${placeholder(i)}`);
        return [...equalities, `${term.column} ${term.descending ? '<' : '>'} ${placeholder(index)}`].join(' AND ');
      });
      query.andWhere(`(${alternatives.map((a) => `(${a})`).join(' OR ')})`, params);
    }
  }

  terms.forEach((term, index) => {
    const direction = term.descending ? 'DESC' : 'ASC';
    if (index === 0) query.orderBy(term.column, direction);
    else query.addOrderBy(term.column, direction);
  });
  const rows = await readRows(query.limit(options.limit + 1));
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > options.limit && last ? encodeCursor(signature, terms.map((term) => term.value(last))) : null;
  return { items, nextCursor };
}


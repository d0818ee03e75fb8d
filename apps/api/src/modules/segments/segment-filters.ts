import type { Type } from '@nestjs/common';
import { createValidationPipe, type FieldError, ValidationFailedException } from '../../core/http/validation.js';

/** List parameters that select a page or a view of the list, not records: a segment never stores them. */
const NOT_FILTERS = ['limit', 'cursor', 'sort', 'deleted'] as const;

const pipe = createValidationPipe();

function prefixed(errors: FieldError[], prefix: string): FieldError[] {
  return errors.map((error) => ({ ...error, field: `${prefix}.${error.field}` }));
}

/**
 * Validates a filter with the list's own query class, through the same pipe as the list's query string, so that a
 * segment holds nothing the list would refuse; field errors are reported under `prefix` (e.g. `filter.status`).
 */
export async function parseListFilter<Query extends object>(listQuery: Type<Query>, filter: Record<string, unknown>, prefix: string): Promise<Query> {
  const misplaced = NOT_FILTERS.filter((key) => key in filter);
  if (misplaced.length) {
    throw new ValidationFailedException(
      misplaced.map((key) => ({ field: `${prefix}.${key}`, messages: [`${key} is not part of a saved filter`], codes: ['notAllowed'] })),
    );
  }
  try {
    return (await pipe.transform(filter, { type: 'body', metatype: listQuery })) as Query;
  } catch (error) {
    if (error instanceof ValidationFailedException) throw new ValidationFailedException(prefixed(error.errors, prefix));
    throw error;
  }
}

/** The parameters worth storing: what was given, without the defaults the query class fills in for paging. */
export function storedFilter(query: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).filter(([key, value]) => value !== undefined && !(NOT_FILTERS as readonly string[]).includes(key)),
  );
}

/** Re-reports errors a filter raises while its query is built (custom field filters) under `prefix`. */
export async function reportedUnder<T>(prefix: string, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    if (error instanceof ValidationFailedException) throw new ValidationFailedException(prefixed(error.errors, prefix));
    throw error;
  }
}

import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationFailedException } from '../../core/http/validation.js';
import type { SortableFields, SortTerm } from '../../core/list/cursor-list.js';
import { applyCustomFilters, parseCustomFilter, parseSortWithCustomFields } from './custom-field-query.js';
import { type CustomValues, type FieldRule, mergeValues } from './custom-field-values.js';

type DefinedField = FieldRule & { active: boolean };

/**
 * The custom fields of one entity as a record service uses them during one request: to check and normalize the
 * values of a write, and to filter and sort a list. Writes take active fields only; filters and sorts take every
 * defined field, since a deactivated field's values stay on the records.
 */
export class CustomFieldSet {
  private readonly all: Map<string, DefinedField>;

  constructor(
    fields: DefinedField[],
    private readonly phoneRegion: string,
  ) {
    this.all = new Map(fields.map((field) => [field.key, field]));
  }

  private get active(): DefinedField[] {
    return [...this.all.values()].filter((field) => field.active);
  }

  /**
   * The values a create (`stored` null) or update leaves on the record; 400 with an error at `custom.<key>` for each
   * broken rule, so that nothing is written.
   */
  values(input: Record<string, unknown> | null | undefined, stored: CustomValues | null): CustomValues {
    const { values, errors } = mergeValues(this.active, input, stored, this.phoneRegion);
    if (errors.length) throw new ValidationFailedException(errors);
    return values;
  }

  /** Narrows a list by `cf` filters (400 for an unknown field, an operator its type lacks, or a bad value). */
  applyFilters<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, alias: string, cf: string[] | undefined): SelectQueryBuilder<T> {
    if (cf?.length) applyCustomFilters(query, alias, cf.map((spec) => parseCustomFilter(spec, this.all, this.phoneRegion)));
    return query;
  }

  sortTerms<T extends { custom: CustomValues }>(sort: string | undefined, sortable: SortableFields<T>, fallback: string, alias: string): SortTerm<T>[] {
    return parseSortWithCustomFields(sort, sortable, fallback, this.all, alias);
  }
}

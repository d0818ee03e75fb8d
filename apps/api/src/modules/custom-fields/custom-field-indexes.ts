import type { DataSource } from 'typeorm';
import { customFieldExpressions, SEARCHABLE_TYPES } from './custom-field-query.js';
import type { CustomFieldEntity, CustomFieldType } from './custom-field-values.js';

export const CUSTOM_FIELD_TABLES: Record<CustomFieldEntity, string> = { contact: 'contacts', company: 'companies', deal: 'deals' };

interface IndexedField {
  entity: CustomFieldEntity;
  key: string;
  type: CustomFieldType;
}

/** Names derived from table and key alone, so that deleting a field finds its indexes without a registry. */
export function customFieldIndexNames(field: Pick<IndexedField, 'entity' | 'key'>): { sort: string; search: string } {
  const table = CUSTOM_FIELD_TABLES[field.entity];
  return { sort: `${table}_cf_${field.key}_idx`, search: `${table}_cf_${field.key}_trgm_idx` };
}

function indexDefinitions(field: IndexedField): string[] {
  const table = CUSTOM_FIELD_TABLES[field.entity];
  const names = customFieldIndexNames(field);
  const { missing, value } = customFieldExpressions('custom', field.key, field.type);
  const definitions = [`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${names.sort} ON ${table} (${[missing, value, 'id'].filter(Boolean).join(', ')})`];
  if (SEARCHABLE_TYPES.includes(field.type)) {
    definitions.push(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${names.search} ON ${table} USING gin (lower(custom ->> '${field.key}') gin_trgm_ops)`);
  }
  return definitions;
}

/**
 * The indexes of one custom field: its sort and range order (presence, value, id: the keyset order of
 * `sort=cf.<key>`) and, for text types, a trigram index for `contains`. Equality filters need none of their own, the
 * GIN index on `custom` (migration 1764530000000) serves them.
 *
 * These are the one exception to "schema only through migrations": which expressions to index depends on the fields
 * admins define at run time, so each field's indexes are built when it is created and dropped when it is deleted.
 * CONCURRENTLY keeps the table writable meanwhile, and so must run outside a transaction, after the field is
 * committed. A build that fails (e.g. interrupted) leaves an invalid index behind, which is dropped so that the next
 * creation of the field tries again; the field works without it, only slower.
 */
export async function createCustomFieldIndexes(dataSource: DataSource, field: IndexedField): Promise<void> {
  for (const definition of indexDefinitions(field)) {
    try {
      await dataSource.query(definition);
    } catch (error) {
      await dropCustomFieldIndexes(dataSource, field);
      throw error;
    }
  }
}

export async function dropCustomFieldIndexes(dataSource: DataSource, field: Pick<IndexedField, 'entity' | 'key'>): Promise<void> {
  const names = customFieldIndexNames(field);
  for (const name of [names.sort, names.search]) await dataSource.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Custom fields (definitions, and their values in a `custom` jsonb column of contacts and companies), saved list
 * filters (segments), and the indexes behind the list filters segments use.
 *
 * Sorting and range filters on a single custom field need an expression index per field; those are created and
 * dropped with the field at run time (see custom-field-indexes.ts), the one exception to schema-by-migration.
 */
export class CustomFieldsSegments1764530000000 implements MigrationInterface {
  name = 'CustomFieldsSegments1764530000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE custom_fields (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entity varchar(20) NOT NULL CHECK (entity IN ('contact', 'company')),
        key varchar(40) NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]*$'),
        type varchar(20) NOT NULL
          CHECK (type IN ('text', 'number', 'money', 'date', 'boolean', 'select', 'multi-select', 'url', 'phone', 'email')),
        labels jsonb NOT NULL,
        required boolean NOT NULL DEFAULT false,
        position integer NOT NULL DEFAULT 0,
        options jsonb NOT NULL DEFAULT '[]',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE UNIQUE INDEX custom_fields_entity_key_key ON custom_fields (entity, key)`);
    await db.query(`CREATE INDEX custom_fields_entity_position_idx ON custom_fields (entity, position, id)`);

    // Sorting and range filters cast number and money values; a value left over from an earlier field of the same
    // key and another type must read as no number rather than break every query (and index build) with a cast error.
    await db.query(`
      CREATE FUNCTION crm_numeric_or_null(value text) RETURNS numeric
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE WHEN value ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN value::numeric END $$`);

    for (const table of ['contacts', 'companies']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN custom jsonb NOT NULL DEFAULT '{}'`);
      // Equality filters on any custom field (`custom @> '{"key": value}'`), however many fields there are.
      await db.query(`CREATE INDEX ${table}_custom_idx ON ${table} USING gin (custom jsonb_path_ops)`);
    }

    // Segment filters: lead source (case-insensitive) and, for "no activity for N days", updated_at, which
    // contacts_updated_at_idx and companies_updated_at_idx already cover.
    await db.query(`CREATE INDEX contacts_lead_source_idx ON contacts (lower(lead_source)) WHERE lead_source IS NOT NULL`);

    await db.query(`
      CREATE TABLE segments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entity varchar(20) NOT NULL CHECK (entity IN ('contact', 'company')),
        name varchar(120) NOT NULL,
        visibility varchar(10) NOT NULL CHECK (visibility IN ('private', 'team')),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        filter jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await db.query(`CREATE INDEX segments_owner_idx ON segments (owner_id, entity, name, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE segments`);
    await db.query(`DROP INDEX contacts_lead_source_idx`);
    for (const table of ['contacts', 'companies']) await db.query(`ALTER TABLE ${table} DROP COLUMN custom`);
    await db.query(`DROP TABLE custom_fields`);
    await db.query(`DROP FUNCTION crm_numeric_or_null(text)`);
  }
}

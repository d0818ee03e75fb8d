import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for global search and duplicate detection.
 *
 * Names: a trigram index over the name alone. The `search` column would serve too, but it also holds emails and
 * phones, which makes ranking by word similarity about three times slower per row and lets digits and email
 * fragments pass as fuzzy name matches; emails, phones and tax ids are looked up by their normalized keys instead.
 *
 * Phones: a query of 7+ digits must match the end of a stored E.164 number. A GIN index over the `text[]` itself
 * only answers whole-element equality, and a reversed-digits array would need its own table with a b-tree to search
 * by prefix, kept in step by triggers. A trigram index over the numbers joined into one text answers
 * `LIKE '%6123456 %'` directly: each number is followed by a space, so the pattern only matches at a number's end,
 * and the index stays in step with `phones_normalized` by itself.
 */
export class SearchDuplicates1764500000000 implements MigrationInterface {
  name = 'SearchDuplicates1764500000000';

  async up(db: QueryRunner): Promise<void> {
    // array_to_string is only STABLE, because some element types print differently per session; text never does.
    await db.query(`
      CREATE FUNCTION crm_phones_text(phones text[]) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT array_to_string(phones, ' ') || ' ' $$`);
    for (const table of ['contacts', 'companies']) {
      await db.query(`CREATE INDEX ${table}_phones_text_idx ON ${table} USING gin (crm_phones_text(phones_normalized) gin_trgm_ops)`);
    }
    await db.query(`CREATE INDEX contacts_name_trgm_idx ON contacts USING gin (lower(full_name) gin_trgm_ops)`);
    await db.query(`CREATE INDEX companies_name_trgm_idx ON companies USING gin (lower(name) gin_trgm_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX companies_name_trgm_idx`);
    await db.query(`DROP INDEX contacts_name_trgm_idx`);
    for (const table of ['contacts', 'companies']) await db.query(`DROP INDEX ${table}_phones_text_idx`);
    await db.query(`DROP FUNCTION crm_phones_text(text[])`);
  }
}

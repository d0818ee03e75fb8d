import type { MigrationInterface, QueryRunner } from 'typeorm';

const KEY_INDEXES = ['contacts_emails_normalized_idx', 'contacts_phones_normalized_idx', 'companies_emails_normalized_idx', 'companies_phones_normalized_idx'];

/**
 * Import jobs: the uploaded file itself (so that any instance can run the job), the mapping chosen for it, and a
 * cursor with counters that advances with every committed batch, so that an interrupted job resumes where it stopped.
 */
export class Imports1764520000000 implements MigrationInterface {
  name = 'Imports1764520000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entity varchar(20) NOT NULL CHECK (entity IN ('contact', 'company')),
        status varchar(20) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'queued', 'running', 'completed', 'failed')),
        file_name varchar(255) NOT NULL,
        file_format varchar(10) NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
        file bytea NOT NULL,
        encoding varchar(20),
        delimiter varchar(1),
        header jsonb NOT NULL,
        preview jsonb NOT NULL,
        mapping jsonb NOT NULL DEFAULT '[]',
        duplicate_policy varchar(10) NOT NULL DEFAULT 'skip' CHECK (duplicate_policy IN ('skip', 'update', 'create')),
        total_rows integer NOT NULL,
        rows_done integer NOT NULL DEFAULT 0,
        created_count integer NOT NULL DEFAULT 0,
        updated_count integer NOT NULL DEFAULT 0,
        skipped_count integer NOT NULL DEFAULT 0,
        failed_count integer NOT NULL DEFAULT 0,
        run_as jsonb,
        attempts integer NOT NULL DEFAULT 0,
        error text,
        created_by_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz(3),
        finished_at timestamptz(3)
      )`);
    // "My imports", newest first.
    await db.query(`CREATE INDEX imports_created_by_idx ON imports (created_by_id, created_at, id)`);
    // The sweep that finds interrupted jobs.
    await db.query(`CREATE INDEX imports_unfinished_idx ON imports (updated_at) WHERE status IN ('queued', 'running')`);

    await db.query(`
      CREATE TABLE import_failures (
        import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        cells jsonb NOT NULL,
        error text NOT NULL,
        PRIMARY KEY (import_id, row_number)
      )`);

    // A contact import links the "Company" column to a company by name, whatever its case.
    await db.query(`CREATE INDEX companies_name_lower_idx ON companies (lower(name)) WHERE deleted_at IS NULL`);

    // The key indexes are probed for every row an import (or a duplicate check) reads. With GIN's pending list, fresh
    // entries sit unsorted and each probe scans all of them, tens of milliseconds per probe during a bulk import.
    for (const index of KEY_INDEXES) await db.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of KEY_INDEXES) await db.query(`ALTER INDEX ${index} RESET (fastupdate)`);
    await db.query(`DROP INDEX companies_name_lower_idx`);
    await db.query(`DROP TABLE import_failures`);
    await db.query(`DROP TABLE imports`);
  }
}

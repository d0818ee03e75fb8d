import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notes on client records, and the indexes behind a record's timeline: notes and audit entries of one record,
 * newest first, read from a keyset cursor (created_at, id).
 */
export class Notes1764510000000 implements MigrationInterface {
  name = 'Notes1764510000000';

  async up(db: QueryRunner): Promise<void> {
    // entity + entity_id rather than a foreign key per kind: deals, tasks and calls will carry notes the same way.
    await db.query(`
      CREATE TABLE notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entity varchar(20) NOT NULL CHECK (entity IN ('contact', 'company')),
        entity_id uuid NOT NULL,
        body text NOT NULL CHECK (body <> ''),
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        deleted_at timestamptz(3),
        version integer NOT NULL DEFAULT 1
      )`);
    // Also finds a record's deleted notes, whose edits and deletion stay on its timeline.
    await db.query(`CREATE INDEX notes_record_idx ON notes (entity, entity_id, created_at DESC, id DESC)`);
    // The existing (entity, entity_id, id) index orders by id; the timeline orders audit entries by time.
    await db.query(`CREATE INDEX audit_log_entity_time_idx ON audit_log (entity, entity_id, created_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX audit_log_entity_time_idx`);
    await db.query(`DROP TABLE notes`);
  }
}

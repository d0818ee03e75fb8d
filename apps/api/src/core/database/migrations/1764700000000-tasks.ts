import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks and activities, their reminders, in-app notifications, and the application settings a deal's next-task rule
 * reads.
 *
 * A task belongs to its assignee (`owner_id`, so own/team levels mean "my tasks" and "my team's tasks") and may be
 * linked to one client record (`entity`, `entity_id`: contact, company or deal). `due_at` is an instant; `time_zone`
 * is the IANA zone it was set in, which recurrence follows so that a daily 09:00 stays 09:00 across DST.
 *
 * Reminders are rows, one per offset, each fired at most once: the worker that fires one sets `fired_at` in the same
 * transaction as it writes the notification, so a second delivery of the same job (two instances, a restart) finds it
 * fired and does nothing.
 */
export class Tasks1764700000000 implements MigrationInterface {
  name = 'Tasks1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(300) NOT NULL CHECK (btrim(title) <> ''),
        description text,
        type varchar(10) NOT NULL DEFAULT 'todo' CHECK (type IN ('call', 'meeting', 'email', 'todo')),
        priority varchar(10) NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
        status varchar(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
        due_at timestamptz(3),
        time_zone varchar(64) NOT NULL DEFAULT 'UTC',
        all_day boolean NOT NULL DEFAULT false,
        duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 10080),
        reminder_offsets integer[] NOT NULL DEFAULT '{}',
        recurrence jsonb,
        series_id uuid,
        entity varchar(20) CHECK (entity IN ('contact', 'company', 'deal')),
        entity_id uuid,
        completed_at timestamptz(3),
        completed_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        result text,
        outcome varchar(20),
        tags text[] NOT NULL DEFAULT '{}',
        owner_id uuid REFERENCES users (id),
        created_by_id uuid REFERENCES users (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        deleted_at timestamptz(3),
        version integer NOT NULL DEFAULT 1,
        CHECK ((entity IS NULL) = (entity_id IS NULL)),
        CHECK ((status = 'open') = (completed_at IS NULL)),
        CHECK (due_at IS NOT NULL OR recurrence IS NULL)
      )`);
    // My tasks (overdue, today, upcoming) and the overdue counter: one assignee's open tasks by due time.
    await db.query(`
      CREATE INDEX tasks_open_owner_due_idx ON tasks (owner_id, due_at, id)
        WHERE status = 'open' AND deleted_at IS NULL`);
    // The calendar and team views: every task of a period, any status.
    await db.query(`CREATE INDEX tasks_owner_due_idx ON tasks (owner_id, due_at, id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX tasks_due_idx ON tasks (due_at, id) WHERE deleted_at IS NULL`);
    // A record's tasks (its card, its timeline), and a deal's next open task (the board, deals without a task).
    await db.query(`CREATE INDEX tasks_record_idx ON tasks (entity, entity_id, due_at, id) WHERE deleted_at IS NULL`);
    await db.query(`
      CREATE INDEX tasks_record_open_idx ON tasks (entity_id, due_at, id)
        WHERE status = 'open' AND deleted_at IS NULL AND entity IS NOT NULL`);
    await db.query(`CREATE INDEX tasks_created_at_idx ON tasks (created_at, id)`);
    await db.query(`CREATE INDEX tasks_updated_at_idx ON tasks (updated_at, id)`);
    await db.query(`CREATE INDEX tasks_series_idx ON tasks (series_id) WHERE series_id IS NOT NULL`);
    await db.query(`CREATE INDEX tasks_tags_idx ON tasks USING gin (tags)`);
    await db.query(`CREATE INDEX tasks_deleted_at_idx ON tasks (deleted_at) WHERE deleted_at IS NOT NULL`);

    await db.query(`
      CREATE TABLE task_reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        offset_minutes integer NOT NULL CHECK (offset_minutes BETWEEN 0 AND 40320),
        remind_at timestamptz(3) NOT NULL,
        fired_at timestamptz(3),
        UNIQUE (task_id, offset_minutes)
      )`);
    // What is still to fire, soonest first: the scheduler's catch-up after a restart.
    await db.query(`CREATE INDEX task_reminders_pending_idx ON task_reminders (remind_at) WHERE fired_at IS NULL`);

    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind varchar(40) NOT NULL,
        title varchar(300) NOT NULL,
        body text,
        entity varchar(20),
        entity_id uuid,
        task_id uuid REFERENCES tasks (id) ON DELETE SET NULL,
        reminder_id uuid UNIQUE REFERENCES task_reminders (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        read_at timestamptz(3)
      )`);
    await db.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);

    // Per user: e-mail copies of reminders (the address is the user's login e-mail).
    await db.query(`ALTER TABLE users ADD COLUMN email_reminders boolean NOT NULL DEFAULT false`);

    // Installation-wide settings by key, e.g. `deals.requireNextTask`; read through a short cache.
    await db.query(`
      CREATE TABLE app_settings (
        key varchar(100) PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE app_settings`);
    await db.query(`ALTER TABLE users DROP COLUMN email_reminders`);
    await db.query(`DROP TABLE notifications`);
    await db.query(`DROP TABLE task_reminders`);
    await db.query(`DROP TABLE tasks`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes behind the task list's sorts and text filter and the calendar's recurring tasks, which 1764700000000 left out. */
export class TaskListIndexes1764720000000 implements MigrationInterface {
  name = 'TaskListIndexes1764720000000';

  async up(db: QueryRunner): Promise<void> {
    // sort=dueAt orders tasks without a due time last: the list sorts by this expression, so the keyset cursor never meets a NULL.
    await db.query(`CREATE INDEX tasks_due_sort_idx ON tasks ((COALESCE(due_at, 'infinity'::timestamptz)), id) WHERE deleted_at IS NULL`);
    // The same within one assignee's tasks (a rep's list, ownerId filters).
    await db.query(`CREATE INDEX tasks_owner_due_sort_idx ON tasks (owner_id, (COALESCE(due_at, 'infinity'::timestamptz)), id) WHERE deleted_at IS NULL`);
    // sort=priority ranks low < normal < high rather than by the words.
    await db.query(
      `CREATE INDEX tasks_priority_sort_idx ON tasks ((CASE priority WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END), id) WHERE deleted_at IS NULL`,
    );
    // q: text in the title.
    await db.query(`CREATE INDEX tasks_title_trgm_idx ON tasks USING gin (lower(title) gin_trgm_ops)`);
    // The calendar projects the future occurrences of open recurring tasks: few rows, found without scanning all open tasks.
    await db.query(`CREATE INDEX tasks_open_recurring_idx ON tasks (due_at) WHERE status = 'open' AND deleted_at IS NULL AND recurrence IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of ['tasks_due_sort_idx', 'tasks_owner_due_sort_idx', 'tasks_priority_sort_idx', 'tasks_title_trgm_idx', 'tasks_open_recurring_idx']) {
      await db.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}

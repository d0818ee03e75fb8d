import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobsService } from '../../core/jobs/jobs.service.js';

export const TASK_REMINDER_QUEUE = 'task-reminder';

/** What a reminder job carries: the reminder row it fires (also the job's id). */
export interface TaskReminderJob {
  reminderId: string;
}

/** The fields of a task its reminders depend on. */
export interface TaskReminderSource {
  id: string;
  status: string;
  dueAt: Date | null;
  reminderOffsets: number[];
  deletedAt: Date | null;
}

/** A reminder whose time passed longer ago than this when it is (re)scheduled is not worth sending any more. */
const PAST_GRACE_MS = 60_000;

/**
 * Keeps a task's reminder rows and their scheduled jobs in step with the task, inside the caller's transaction, so
 * that a task write and its reminders commit or roll back together.
 */
@Injectable()
export class TaskRemindersService {
  constructor(private readonly jobs: JobsService) {}

  /**
   * Call after every write that may change a task's status, due time, reminder offsets or deletion. A reminder already
   * scheduled for the same instant is kept as it is; a fired one is kept too (it does not fire again for the same due
   * time) unless the task was re-dated, in which case it is replaced and fires again at the new time.
   */
  async sync(manager: EntityManager, task: TaskReminderSource): Promise<void> {
    const wanted = new Map<number, Date>();
    if (task.status === 'open' && !task.deletedAt && task.dueAt) {
      const now = Date.now();
      for (const offset of new Set(task.reminderOffsets)) {
        const remindAt = new Date(task.dueAt.getTime() - offset * 60_000);
        if (remindAt.getTime() >= now - PAST_GRACE_MS) wanted.set(offset, remindAt);
      }
    }

    const existing: { id: string; offset_minutes: number; remind_at: Date; fired: boolean }[] = await manager.query(
      `SELECT id, offset_minutes, remind_at, fired_at IS NOT NULL AS fired FROM task_reminders WHERE task_id = $1 FOR UPDATE`,
      [task.id],
    );
    const stale: { id: string; fired: boolean }[] = [];
    for (const row of existing) {
      const at = wanted.get(row.offset_minutes);
      const same = at !== undefined && at.getTime() === row.remind_at.getTime();
      if (same) wanted.delete(row.offset_minutes);
      // An unfired reminder no longer wanted goes; a fired one stays as history unless its offset fires again.
      else if (!row.fired || at !== undefined) stale.push(row);
    }
    if (stale.length) {
      await manager.query(`DELETE FROM task_reminders WHERE id = ANY($1)`, [stale.map((row) => row.id)]);
      // Their jobs would find nothing to fire; cancelling them only keeps the queue short.
      await this.jobs.cancel(TASK_REMINDER_QUEUE, stale.filter((row) => !row.fired).map((row) => row.id), manager);
    }
    if (!wanted.size) return;

    const offsets = [...wanted.keys()];
    const inserted: { id: string; remind_at: Date }[] = await manager.query(
      `INSERT INTO task_reminders (task_id, offset_minutes, remind_at)
       SELECT $1, offset_minutes, remind_at FROM unnest($2::int[], $3::timestamptz[]) AS w (offset_minutes, remind_at)
       RETURNING id, remind_at`,
      [task.id, offsets, offsets.map((offset) => wanted.get(offset)!.toISOString())],
    );
    for (const row of inserted) {
      await this.jobs.send<TaskReminderJob>(TASK_REMINDER_QUEUE, { reminderId: row.id }, { manager, id: row.id, startAfter: row.remind_at });
    }
  }
}

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type FixtureUser, type TestApp } from '../../../test/support/test-app.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { dataSourceOptions } from '../../core/database/data-source.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { MailService } from '../../core/mail/mail.service.js';
import { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { TaskReminderWorker } from './task-reminder.worker.js';
import { TASK_REMINDER_QUEUE, type TaskReminderSource, TaskRemindersService } from './task-reminders.service.js';

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Another API instance's scheduler, built from the service classes (a second Nest app cannot start in this process):
 * its own connections, its own pg-boss workers, the same database.
 */
async function startInstance(databaseUrl: string, config: AppConfig) {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, 2), entities: [Notification] });
  await dataSource.initialize();
  const jobs = new JobsService({ databaseUrl, enabled: true });
  const mail = new MailService(config, jobs);
  const worker = new TaskReminderWorker(dataSource, jobs, new NotificationsService(dataSource), mail, config);
  await mail.onModuleInit();
  await worker.onModuleInit();
  await jobs.onModuleInit();
  return {
    dataSource,
    jobs,
    worker,
    reminders: new TaskRemindersService(jobs),
    async stop() {
      await jobs.beforeApplicationShutdown();
      mail.onApplicationShutdown();
      await dataSource.destroy();
    },
  };
}

type Instance = Awaited<ReturnType<typeof startInstance>>;

describe('task reminders', () => {
  let t: TestApp;
  let app: { dataSource: DataSource; reminders: TaskRemindersService; worker: TaskReminderWorker; jobs: JobsService };

  beforeAll(async () => {
    t = await startTestApp();
    app = {
      dataSource: t.app.get(DataSource),
      reminders: t.app.get(TaskRemindersService),
      worker: t.app.get(TaskReminderWorker),
      jobs: t.app.get(JobsService),
    };
  }, 30_000);
  afterAll(() => t.close());

  async function insertTask(options: { dueAt: Date | null; offsets: number[]; owner?: FixtureUser; title?: string }): Promise<TaskReminderSource> {
    const [task] = await t.query<{ id: string }>(
      `INSERT INTO tasks (title, due_at, reminder_offsets, owner_id, created_by_id) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
      [options.title ?? 'Call Anna', options.dueAt, options.offsets, t.users[options.owner ?? 'rep'].id],
    );
    return { id: task!.id, status: 'open', dueAt: options.dueAt, reminderOffsets: options.offsets, deletedAt: null };
  }

  /** A task as the tasks API writes it: the row, then its reminders, in one transaction. */
  async function createTask(options: { dueInMs: number; offsets?: number[]; owner?: FixtureUser; title?: string }, via = app) {
    const task = await insertTask({ ...options, dueAt: new Date(Date.now() + options.dueInMs), offsets: options.offsets ?? [0] });
    await via.dataSource.transaction((manager) => via.reminders.sync(manager, task));
    return task;
  }

  async function updateTask(task: TaskReminderSource, changes: Partial<TaskReminderSource>): Promise<TaskReminderSource> {
    const next = { ...task, ...changes };
    await app.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE tasks SET status = $2::varchar, due_at = $3, reminder_offsets = $4, deleted_at = $5,
           completed_at = CASE WHEN $2::varchar = 'open' THEN NULL ELSE now() END WHERE id = $1`,
        [next.id, next.status, next.dueAt, next.reminderOffsets, next.deletedAt],
      );
      await app.reminders.sync(manager, next);
    });
    return next;
  }

  const reminderRows = (taskId: string) =>
    t.query<{ id: string; offset_minutes: number; remind_at: Date; fired_at: Date | null }>(
      `SELECT id, offset_minutes, remind_at, fired_at FROM task_reminders WHERE task_id = $1 ORDER BY offset_minutes`,
      [taskId],
    );
  const notificationsOf = (taskId: string) =>
    t.query<{ id: string; user_id: string; kind: string; title: string; body: string; reminder_id: string; created_at: Date }>(
      `SELECT * FROM notifications WHERE task_id = $1 ORDER BY created_at`,
      [taskId],
    );
  const jobOf = async (id: string) =>
    (await t.query<{ state: string; start_after: Date; retry_count: number }>(
      `SELECT state, start_after, retry_count FROM pgboss.job WHERE name = $1 AND id = $2`,
      [TASK_REMINDER_QUEUE, id],
    ))[0];
  const jobDone = (id: string) => eventually(async () => ((await jobOf(id))?.state === 'completed' ? true : undefined));

  it('writes one reminder per offset and schedules its job in the same transaction, skipping times long past', async () => {
    const task = await createTask({ dueInMs: 3600_000, offsets: [0, 15, 120] });
    const rows = await reminderRows(task.id);
    // Two hours before a due time an hour away is past: no reminder for it.
    expect(rows.map((row) => [row.offset_minutes, row.remind_at.getTime()])).toEqual([
      [0, task.dueAt!.getTime()],
      [15, task.dueAt!.getTime() - 15 * 60_000],
    ]);
    for (const row of rows) {
      expect(await jobOf(row.id)).toMatchObject({ state: 'created', start_after: row.remind_at });
    }

    const other = await insertTask({ dueAt: new Date(Date.now() + 3600_000), offsets: [5] });
    await expect(
      app.dataSource.transaction(async (manager) => {
        await app.reminders.sync(manager, other);
        throw new Error('the task write failed');
      }),
    ).rejects.toThrow('the task write failed');
    expect(await reminderRows(other.id)).toEqual([]);
    expect(await t.query(`SELECT 1 FROM pgboss.job WHERE name = $1 AND data->>'reminderId' NOT IN (SELECT id::text FROM task_reminders)`, [TASK_REMINDER_QUEUE])).toEqual([]);
  });

  it('keeps a reminder and its job when nothing it depends on changed, and drops them when the offset goes', async () => {
    const task = await createTask({ dueInMs: 3600_000, offsets: [10, 30] });
    const before = await reminderRows(task.id);
    await updateTask(task, {});
    expect(await reminderRows(task.id)).toEqual(before);

    await updateTask(task, { reminderOffsets: [10] });
    const after = await reminderRows(task.id);
    expect(after).toEqual([before[0]]);
    expect((await jobOf(before[1]!.id))?.state).toBe('cancelled');
  });

  describe('with a second API instance', () => {
    let other: Instance;

    beforeAll(async () => {
      other = await startInstance(t.databaseUrl, t.app.get(APP_CONFIG));
    }, 30_000);
    afterAll(() => other.stop());

    it('delivers each reminder exactly once: on time, to the assignee, with the task title and due time', async () => {
      const tasks = await Promise.all([
        createTask({ dueInMs: 1500, owner: 'rep', title: 'Call Anna' }),
        createTask({ dueInMs: 1500, owner: 'rep2', title: 'Send the offer' }, other),
      ]);
      const reminders = (await Promise.all(tasks.map((task) => reminderRows(task.id)))).flat();
      // Extra deliveries of the same reminders on both instances, as a retry or a duplicate would make.
      for (const reminder of reminders) {
        for (const via of [app.jobs, other.jobs, app.jobs, other.jobs]) {
          await via.send(TASK_REMINDER_QUEUE, { reminderId: reminder.id }, { startAfter: reminder.remind_at });
        }
      }
      await eventually(async () => {
        const [row] = await t.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pgboss.job WHERE name = $1 AND data->>'reminderId' = ANY($2) AND state <> 'completed'`,
          [TASK_REMINDER_QUEUE, reminders.map((reminder) => reminder.id)],
        );
        return row!.waiting === 0 ? true : undefined;
      });

      for (const [index, task] of tasks.entries()) {
        const notifications = await notificationsOf(task.id);
        expect(notifications).toHaveLength(1);
        expect(notifications[0]).toMatchObject({
          user_id: t.users[index === 0 ? 'rep' : 'rep2'].id,
          kind: 'task_reminder',
          title: index === 0 ? 'Call Anna' : 'Send the offer',
          reminder_id: reminders[index]!.id,
        });
        expect(notifications[0]!.body).toMatch(/^Due /);
        expect(notifications[0]!.created_at.getTime()).toBeGreaterThanOrEqual(task.dueAt!.getTime() - 1000);
        expect((await reminderRows(task.id))[0]!.fired_at).not.toBeNull();
      }
    }, 30_000);

    it('lets one of many simultaneous firings through', async () => {
      const task = await insertTask({ dueAt: new Date(), offsets: [0] });
      const [reminder] = await t.query<{ id: string }>(
        `INSERT INTO task_reminders (task_id, offset_minutes, remind_at) VALUES ($1, 0, now()) RETURNING id`,
        [task.id],
      );
      const attempts = Array.from({ length: 8 }, (_, n) => (n % 2 ? other : app).worker.fireReminder(reminder!.id));
      expect((await Promise.all(attempts)).filter(Boolean)).toHaveLength(1);
      expect(await notificationsOf(task.id)).toHaveLength(1);
    });
  });

  it('does not fire again when a job that fired is delivered again (its worker died before acknowledging it)', async () => {
    const task = await createTask({ dueInMs: 500 });
    const [reminder] = await reminderRows(task.id);
    await jobDone(reminder!.id);
    expect(await notificationsOf(task.id)).toHaveLength(1);

    // What pg-boss does with a job whose worker vanished after committing: it makes it fetchable again.
    await t.query(`UPDATE pgboss.job SET state = 'retry', start_after = now(), completed_on = NULL, output = NULL WHERE name = $1 AND id = $2`, [
      TASK_REMINDER_QUEUE,
      reminder!.id,
    ]);
    await jobDone(reminder!.id);
    expect(await notificationsOf(task.id)).toHaveLength(1);
  });

  it('does not fire for a task completed or deleted before its time, even when the job still runs', async () => {
    const completed = await createTask({ dueInMs: 1000 });
    const [completedReminder] = await reminderRows(completed.id);
    await updateTask(completed, { status: 'done' });
    expect(await reminderRows(completed.id)).toEqual([]);
    expect((await jobOf(completedReminder!.id))?.state).toBe('cancelled');

    // Completed behind the service's back: the job still runs, and finds the task closed.
    const bypassed = await createTask({ dueInMs: 1000 });
    const [bypassedReminder] = await reminderRows(bypassed.id);
    await t.query(`UPDATE tasks SET status = 'done', completed_at = now() WHERE id = $1`, [bypassed.id]);
    const deleted = await createTask({ dueInMs: 1000 });
    await updateTask(deleted, { deletedAt: new Date() });

    await jobDone(bypassedReminder!.id);
    expect((await reminderRows(bypassed.id))[0]!.fired_at).toBeNull();
    for (const task of [completed, bypassed, deleted]) expect(await notificationsOf(task.id)).toEqual([]);
  });

  it('fires a re-dated reminder at the new time only, and again after a later re-dating', async () => {
    const task = await createTask({ dueInMs: 1000 });
    const [first] = await reminderRows(task.id);
    const later = await updateTask(task, { dueAt: new Date(Date.now() + 3000) });
    const [second] = await reminderRows(task.id);
    expect(second!.id).not.toBe(first!.id);
    expect((await jobOf(first!.id))?.state).toBe('cancelled');

    await jobDone(second!.id);
    const notifications = await notificationsOf(task.id);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.reminder_id).toBe(second!.id);
    expect(notifications[0]!.created_at.getTime()).toBeGreaterThanOrEqual(later.dueAt!.getTime() - 1000);

    // Fired already: the same due time again does not repeat it; a new due time does (the old notification stays).
    await updateTask(later, {});
    expect(await reminderRows(task.id)).toHaveLength(1);
    await updateTask(later, { dueAt: new Date(Date.now() + 500) });
    const [third] = await reminderRows(task.id);
    await jobDone(third!.id);
    expect((await notificationsOf(task.id)).map((n) => n.reminder_id)).toEqual([null, third!.id]);
  }, 30_000);

  it('sweeps up a due reminder whose job was lost, once', async () => {
    const task = await insertTask({ dueAt: new Date(Date.now() - 120_000), offsets: [0] });
    await t.query(`INSERT INTO task_reminders (task_id, offset_minutes, remind_at) VALUES ($1, 0, now() - interval '2 minutes')`, [task.id]);
    const closed = await insertTask({ dueAt: new Date(Date.now() - 120_000), offsets: [0] });
    await t.query(`UPDATE tasks SET status = 'cancelled', completed_at = now() WHERE id = $1`, [closed.id]);
    await t.query(`INSERT INTO task_reminders (task_id, offset_minutes, remind_at) VALUES ($1, 0, now() - interval '2 minutes')`, [closed.id]);

    await app.worker.sweep();
    await app.worker.sweep();
    expect(await notificationsOf(task.id)).toHaveLength(1);
    expect(await notificationsOf(closed.id)).toEqual([]);
  });

  // Last: it stops the application's scheduler.
  it('keeps a reminder through a restart: scheduled by an instance that stops, fired once by the next', async () => {
    const config = t.app.get<AppConfig>(APP_CONFIG);
    await t.app.close();
    const first = await startInstance(t.databaseUrl, config);
    const task = await createTask({ dueInMs: 1000, title: 'Survives a restart' }, first);
    await first.stop();

    // Down while it falls due: time has to pass, nothing to wait for.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, task.dueAt!.getTime() - Date.now() + 500)));
    expect(await notificationsOf(task.id)).toEqual([]);

    const next = await startInstance(t.databaseUrl, config);
    try {
      const [reminder] = await reminderRows(task.id);
      await jobDone(reminder!.id);
      expect(await notificationsOf(task.id)).toHaveLength(1);
    } finally {
      await next.stop();
    }
  }, 30_000);
});

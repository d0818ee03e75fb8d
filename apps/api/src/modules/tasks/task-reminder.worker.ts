import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { MailService } from '../../core/mail/mail.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { reminderBody, reminderEmail } from './task-reminder.messages.js';
import { TASK_REMINDER_QUEUE, type TaskReminderJob } from './task-reminders.service.js';

export const TASK_REMINDER_NOTIFICATION = 'task_reminder';

/** A reminder this late with no notification yet is taken to have lost its job; jobs normally fire within seconds. */
const SWEEP_GRACE_SECONDS = 60;
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 100;

interface FiredReminder {
  id: string;
  task_id: string;
  title: string;
  due_at: Date;
  entity: string | null;
  entity_id: string | null;
  owner_id: string;
  email: string;
  locale: string;
  time_zone: string;
  email_reminders: boolean;
  active: boolean;
}

/**
 * Fires task reminders, each exactly once however many API instances run and however often its job is delivered:
 * one transaction marks the reminder fired (only if it is still unfired, due, and its task still open), writes the
 * assignee's notification (unique per reminder, the last guard), signals the live streams and queues the e-mail; a
 * second delivery, concurrent or after a crash between the commit and the job's acknowledgement, finds the reminder
 * fired and does nothing. A periodic sweep on every instance fires reminders whose job was lost, through the same
 * path, taking rows no one else holds.
 */
@Injectable()
export class TaskReminderWorker implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TaskReminders');
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<TaskReminderJob>(TASK_REMINDER_QUEUE, async (data) => void (await this.fireReminder(data.reminderId)), {
      retryLimit: 10,
      retryDelaySeconds: 5,
      // Firing takes milliseconds; a job still active after a minute belongs to a dead instance and goes to another.
      expireInSeconds: 60,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.jobs.running) return;
    const sweep = () => void this.sweep().catch((error: unknown) => this.logger.error({ err: error }, 'Reminder sweep failed'));
    this.sweepTimer = setInterval(sweep, SWEEP_EVERY_MS).unref();
    sweep();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
  }

  /** Fires one reminder if it is still due; false when there was nothing to do (gone, fired, task closed, not yet due). */
  async fireReminder(reminderId: string): Promise<boolean> {
    const fired = await this.dataSource.transaction((manager) => this.fire(manager, [reminderId]));
    return fired > 0;
  }

  /**
   * Fires unfired reminders of open tasks due more than `graceSeconds` ago, a batch at a time; rows locked by a job
   * firing them right now are skipped. Returns how many it fired.
   */
  async sweep(graceSeconds = SWEEP_GRACE_SECONDS): Promise<number> {
    let total = 0;
    for (;;) {
      const fired = await this.dataSource.transaction(async (manager) => {
        const rows: { id: string }[] = await manager.query(
          `SELECT r.id FROM task_reminders r JOIN tasks t ON t.id = r.task_id
           WHERE r.fired_at IS NULL AND r.remind_at <= now() - make_interval(secs => $1)
             AND t.status = 'open' AND t.deleted_at IS NULL AND t.owner_id IS NOT NULL AND t.due_at IS NOT NULL
           ORDER BY r.remind_at
           LIMIT $2
           FOR UPDATE OF r SKIP LOCKED`,
          [graceSeconds, SWEEP_BATCH],
        );
        return rows.length ? { picked: rows.length, fired: await this.fire(manager, rows.map((row) => row.id)) } : null;
      });
      if (!fired) break;
      total += fired.fired;
      if (fired.picked < SWEEP_BATCH) break;
    }
    if (total) this.logger.warn({ fired: total }, 'Fired reminders whose jobs were lost');
    return total;
  }

  private async fire(manager: EntityManager, reminderIds: string[]): Promise<number> {
    // Row locks make a concurrent second firing wait here, then re-check `fired_at IS NULL` and update nothing.
    const rows: FiredReminder[] = await manager.query(
      `UPDATE task_reminders r SET fired_at = now()
       FROM tasks t JOIN users u ON u.id = t.owner_id
       WHERE r.id = ANY($1) AND r.fired_at IS NULL AND r.remind_at <= now() + interval '1 second'
         AND t.id = r.task_id AND t.status = 'open' AND t.deleted_at IS NULL AND t.due_at IS NOT NULL
       RETURNING r.id, r.task_id, t.title, t.due_at, t.entity, t.entity_id, t.owner_id,
         u.email, u.locale, u.time_zone, u.email_reminders, u.active`,
      [reminderIds],
    ).then(([updated]: [FiredReminder[], number]) => updated);
    if (!rows.length) return 0;

    const written = await this.notifications.notifyMany(
        manager,
        rows.map((row) => ({
          userId: row.owner_id,
          kind: TASK_REMINDER_NOTIFICATION,
          title: row.title,
          body: reminderBody(row.due_at, { locale: row.locale, timeZone: row.time_zone }),
          entity: row.entity,
          entityId: row.entity_id,
          taskId: row.task_id,
          reminderId: row.id,
        })),
    );
    if (this.mail.enabled) {
      const notified = new Set(written.map((notification) => notification.reminderId));
      for (const row of rows) {
        if (!notified.has(row.id) || !row.email_reminders || !row.active) continue;
        const message = reminderEmail(row.title, row.due_at, { locale: row.locale, timeZone: row.time_zone }, this.config.publicUrl);
        await this.mail.queue(manager, { to: row.email, ...message });
      }
    }
    return written.length;
  }
}

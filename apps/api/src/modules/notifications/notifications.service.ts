import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/actor.js';
import { RecordException } from '../../core/http/domain-exception.js';
import { paginate, type SortTerm } from '../../core/list/cursor-list.js';
import {
  type ListNotificationsQueryDto,
  type MarkedReadDto,
  type NotificationDto,
  type NotificationPageDto,
  toNotificationDto,
  type UnreadCountDto,
} from './dto/notification.dto.js';
import { Notification } from './notification.entity.js';

/** The PostgreSQL channel every API instance listens on; the payload is `{"userId": …, "id": …}`. */
export const NOTIFICATION_CHANNEL = 'crm_notifications';

export interface NewNotification {
  userId: string;
  kind: string;
  title: string;
  body?: string | null;
  entity?: string | null;
  entityId?: string | null;
  taskId?: string | null;
  /** The task reminder this fires: a second notification for the same reminder is silently not written. */
  reminderId?: string | null;
}

const NEWEST_FIRST: SortTerm<Notification>[] = [
  {
    name: 'createdAt',
    descending: true,
    field: { column: 'n.createdAt', cast: 'timestamptz', value: (row) => row.createdAt.toISOString() },
  },
];

/** A title longer than the column is cut rather than failing the write that notifies. */
const TITLE_MAX_LENGTH = 300;

/**
 * In-app notifications. Each user sees and changes only their own, whatever their role: another user's notification
 * answers 404 like a missing one. Writing one also signals every API instance (`pg_notify`, delivered at commit) so
 * that the user's open live streams receive it.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes a notification in the caller's transaction; it reaches the live streams when that commits. Returns its id,
   * or null when it is a second one for the same reminder and so was not written.
   */
  async notify(manager: EntityManager, notification: NewNotification): Promise<string | null> {
    const [written] = await this.notifyMany(manager, [notification]);
    return written?.id ?? null;
  }

  /** Writes several at once; returns those written, leaving out any whose reminder already has its notification. */
  async notifyMany(manager: EntityManager, notifications: NewNotification[]): Promise<{ id: string; reminderId: string | null }[]> {
    if (!notifications.length) return [];
    const column = <K extends keyof NewNotification>(key: K) => notifications.map((n) => n[key] ?? null);
    const rows: { id: string; reminder_id: string | null }[] = await manager.query(
      `WITH written AS (
         INSERT INTO notifications (user_id, kind, title, body, entity, entity_id, task_id, reminder_id)
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::text[], $5::varchar[], $6::uuid[], $7::uuid[], $8::uuid[])
         ON CONFLICT (reminder_id) DO NOTHING
         RETURNING id, user_id, reminder_id
       )
       SELECT id, reminder_id, pg_notify($9, json_build_object('userId', user_id, 'id', id)::text) FROM written`,
      [
        column('userId'),
        column('kind'),
        notifications.map((n) => n.title.slice(0, TITLE_MAX_LENGTH)),
        column('body'),
        column('entity'),
        column('entityId'),
        column('taskId'),
        column('reminderId'),
        NOTIFICATION_CHANNEL,
      ],
    );
    return rows.map((row) => ({ id: row.id, reminderId: row.reminder_id }));
  }

  async listNotifications(actor: Actor, query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const notifications = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId: actor.userId });
    if (query.unread === true) notifications.andWhere('n.readAt IS NULL');
    if (query.unread === false) notifications.andWhere('n.readAt IS NOT NULL');
    const page = await paginate(notifications, {
      sort: NEWEST_FIRST,
      tieBreaker: { column: 'n.id', cast: 'uuid', value: (row) => row.id },
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map(toNotificationDto), nextCursor: page.nextCursor };
  }

  async countUnreadNotifications(actor: Actor): Promise<UnreadCountDto> {
    const [row] = await this.dataSource.query<{ unread: number }[]>(
      `SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [actor.userId],
    );
    return { unread: row!.unread };
  }

  async markNotificationRead(actor: Actor, id: string): Promise<NotificationDto> {
    // Marking twice keeps the first reading time.
    return this.mark(actor, id, 'read_at = COALESCE(read_at, now())');
  }

  async markNotificationUnread(actor: Actor, id: string): Promise<NotificationDto> {
    return this.mark(actor, id, 'read_at = NULL');
  }

  async markAllNotificationsRead(actor: Actor): Promise<MarkedReadDto> {
    const [, marked] = await this.dataSource.query<[unknown, number]>(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [actor.userId],
    );
    return { marked };
  }

  /** The user's notifications by id, oldest first: what a live stream pushes after a signal. */
  async findForUser(userId: string, ids: string[]): Promise<NotificationDto[]> {
    const rows = await this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.userId = :userId AND n.id = ANY(:ids)', { userId, ids })
      .orderBy('n.createdAt', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .getMany();
    return rows.map(toNotificationDto);
  }

  /** The id of the user's newest notification, null when they have none: where a new live stream starts. */
  /** Where the user's notifications end now: the newest one's time and id, or null when there are none. */
  async newest(userId: string): Promise<{ createdAt: string; id: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; created_at: Date }[]>(
      `SELECT id, created_at FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [userId],
    );
    return row ? { createdAt: row.created_at.toISOString(), id: row.id } : null;
  }

  /**
   * The user's notifications written after `lastId` (one of theirs; null for all of them), oldest first, at most
   * `limit`: what a stream reconnecting with Last-Event-ID missed. An id that is not one of theirs replays nothing.
   */
  async findAfter(userId: string, lastId: string | null, limit: number): Promise<NotificationDto[]> {
    const query = this.dataSource.getRepository(Notification).createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (lastId) {
      query.andWhere(
        `(n.createdAt, n.id) > (SELECT last.created_at, last.id FROM notifications last WHERE last.id = :lastId AND last.user_id = :userId)`,
        { lastId },
      );
    }
    const rows = await query.orderBy('n.createdAt', 'ASC').addOrderBy('n.id', 'ASC').limit(limit).getMany();
    return rows.map(toNotificationDto);
  }

  private async mark(actor: Actor, id: string, assignment: string): Promise<NotificationDto> {
    const [rows] = await this.dataSource.query<[Record<string, unknown>[], number]>(
      `UPDATE notifications SET ${assignment} WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, actor.userId],
    );
    if (!rows.length) throw RecordException.notFound('notification');
    const notification = await this.dataSource.getRepository(Notification).findOneByOrFail({ id });
    return toNotificationDto(notification);
  }
}

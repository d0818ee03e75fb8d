import { api, type Schema, unwrap } from '@/api/client';

export type Notification = Schema<'NotificationDto'>;

const PAGE_SIZE = 20;

export const listNotifications = (options: { unread: boolean; cursor?: string }) =>
  unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: PAGE_SIZE, cursor: options.cursor, unread: options.unread || undefined } } }));

export const countUnread = async () => (await unwrap(api.GET('/api/v1/notifications/unread-count'))).unread;

export const markRead = (id: string) => unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
export const markUnread = (id: string) => unwrap(api.POST('/api/v1/notifications/{id}/unread', { params: { path: { id } } }));
export const markAllRead = () => unwrap(api.POST('/api/v1/notifications/read-all'));

/** Where a notification leads: its record's card, else the task itself on My tasks. */
export function notificationTarget(notification: Notification) {
  const cards: Record<string, string> = { contact: 'contact', company: 'company', deal: 'deal' };
  if (notification.entity && notification.entityId && cards[notification.entity]) {
    return { name: cards[notification.entity]!, params: { id: notification.entityId } };
  }
  if (notification.taskId) return { name: 'tasks', query: { task: notification.taskId } };
  return null;
}

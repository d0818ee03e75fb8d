import { once } from 'node:events';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type FixtureUser, type TestApp } from '../../../test/support/test-app.js';
import { TaskRemindersService } from '../tasks/task-reminders.service.js';
import type { NotificationDto } from './dto/notification.dto.js';
import { NotificationStreamService } from './notification-stream.service.js';
import { type NewNotification, NotificationsService } from './notifications.service.js';

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface StreamEvent {
  id?: string;
  event?: string;
  data: string;
}

describe('notifications', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let notifications: NotificationsService;

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    notifications = t.app.get(NotificationsService);
  }, 30_000);
  afterAll(() => t.close());

  const notify = (user: FixtureUser, fields: Partial<NewNotification> = {}) =>
    dataSource.transaction((manager) =>
      notifications.notify(manager, { userId: t.users[user].id, kind: 'task_assigned', title: 'Call Anna', ...fields }),
    ) as Promise<string>;

  /** A live stream read by a real HTTP client over its own connection, as a browser reads it. */
  async function openStream(user: FixtureUser, lastEventId?: string) {
    const request = http.get(`${t.baseUrl}/api/v1/notifications/stream`, {
      agent: false,
      headers: { authorization: t.auth(user), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    });
    const [response] = (await once(request, 'response')) as [http.IncomingMessage];
    const events: StreamEvent[] = [];
    const comments: string[] = [];
    let ended = false;
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const event: StreamEvent = { data: '' };
        for (const line of buffer.slice(0, end).split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('id: ')) event.id = line.slice(4);
          else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) event.data += line.slice(6);
        }
        if (event.data) events.push(event);
        buffer = buffer.slice(end + 2);
      }
    });
    response.on('close', () => (ended = true));
    return {
      response,
      events,
      comments,
      notifications: () => events.map((event) => JSON.parse(event.data) as NotificationDto),
      get ended() {
        return ended;
      },
      async close() {
        request.destroy();
        await eventually(() => (ended ? true : undefined));
      },
    };
  }

  describe('list, read and unread', () => {
    let mine: string[];
    let theirs: string;

    beforeAll(async () => {
      mine = [];
      for (const title of ['First', 'Second', 'Third']) mine.push(await notify('head', { title }));
      theirs = await notify('headSouth', { title: 'Not yours' });
    });

    it('lists your own, newest first, page by page', async () => {
      const first = await t.http.get('/api/v1/notifications?limit=2').set('Authorization', t.auth('head')).expect(200);
      expect(first.body.items.map((n: NotificationDto) => n.title)).toEqual(['Third', 'Second']);
      expect(first.body.items[0]).toEqual({
        id: mine[2],
        kind: 'task_assigned',
        title: 'Third',
        body: null,
        entity: null,
        entityId: null,
        taskId: null,
        createdAt: expect.any(String),
        readAt: null,
      });
      const second = await t.http
        .get(`/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`)
        .set('Authorization', t.auth('head'))
        .expect(200);
      expect(second.body).toEqual({ items: [expect.objectContaining({ title: 'First' })], nextCursor: null });
    });

    it('marks one read and unread, all read, and counts the unread', async () => {
      const count = async () => (await t.http.get('/api/v1/notifications/unread-count').set('Authorization', t.auth('head')).expect(200)).body;
      expect(await count()).toEqual({ unread: 3 });

      const read = await t.http.post(`/api/v1/notifications/${mine[0]}/read`).set('Authorization', t.auth('head')).expect(200);
      expect(read.body).toMatchObject({ id: mine[0], readAt: expect.any(String) });
      const again = await t.http.post(`/api/v1/notifications/${mine[0]}/read`).set('Authorization', t.auth('head')).expect(200);
      expect(again.body.readAt).toBe(read.body.readAt);
      expect(await count()).toEqual({ unread: 2 });
      const unread = await t.http.get('/api/v1/notifications?unread=true').set('Authorization', t.auth('head')).expect(200);
      expect(unread.body.items.map((n: NotificationDto) => n.id)).toEqual([mine[2], mine[1]]);

      const unmarked = await t.http.post(`/api/v1/notifications/${mine[0]}/unread`).set('Authorization', t.auth('head')).expect(200);
      expect(unmarked.body.readAt).toBeNull();
      const all = await t.http.post('/api/v1/notifications/read-all').set('Authorization', t.auth('head')).expect(200);
      expect(all.body).toEqual({ marked: 3 });
      expect(await count()).toEqual({ unread: 0 });
      // Someone else's are untouched.
      const [other] = await t.query<{ read_at: Date | null }>(`SELECT read_at FROM notifications WHERE id = $1`, [theirs]);
      expect(other!.read_at).toBeNull();
    });

    it("keeps everyone to their own: another user's notification is not found", async () => {
      const list = await t.http.get('/api/v1/notifications').set('Authorization', t.auth('admin')).expect(200);
      expect(list.body.items.map((n: NotificationDto) => n.id)).not.toContain(theirs);
      for (const action of ['read', 'unread']) {
        const res = await t.http.post(`/api/v1/notifications/${theirs}/${action}`).set('Authorization', t.auth('admin')).expect(404);
        expect(res.body.code).toBe('record_not_found');
      }
      await t.http.post('/api/v1/notifications/not-a-uuid/read').set('Authorization', t.auth('head')).expect(400);
      await t.http.get('/api/v1/notifications').expect(401);
      await t.http.get('/api/v1/notifications?unread=perhaps').set('Authorization', t.auth('head')).expect(400);
    });
  });

  describe('live stream', () => {
    it('refuses a stream without credentials', async () => {
      const response = await fetch(`${t.baseUrl}/api/v1/notifications/stream`);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    });

    it('pushes a fired reminder to its assignee only, then replays what a reconnecting client missed', async () => {
      const stream = await openStream('rep');
      const bystander = await openStream('rep2');
      expect(stream.response.statusCode).toBe(200);
      expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(stream.response.headers['x-request-id']).toBeTruthy();

      const [task] = await t.query<{ id: string }>(
        `INSERT INTO tasks (title, due_at, reminder_offsets, owner_id, entity, entity_id)
         VALUES ('Call Anna', now() + interval '300 milliseconds', '{0}', $1, 'contact', gen_random_uuid()) RETURNING id, due_at`,
        [t.users.rep.id],
      );
      const [row] = await t.query<{ due_at: Date }>(`SELECT due_at FROM tasks WHERE id = $1`, [task!.id]);
      await dataSource.transaction((manager) =>
        t.app.get(TaskRemindersService).sync(manager, { id: task!.id, status: 'open', dueAt: row!.due_at, reminderOffsets: [0], deletedAt: null }),
      );

      await eventually(() => (stream.events.length ? true : undefined));
      const [event] = stream.events;
      const [reminder] = stream.notifications();
      expect(event).toMatchObject({ event: 'notification', id: reminder!.id });
      expect(reminder).toMatchObject({ kind: 'task_reminder', title: 'Call Anna', taskId: task!.id, entity: 'contact', readAt: null });
      expect(reminder!.body).toMatch(/^Due /);
      expect(stream.comments).toContain('connected');

      // Disconnected: two notifications are written meanwhile; the reconnect with the last id gets both, in order.
      await stream.close();
      await eventually(() => (t.app.get(NotificationStreamService).openStreams === 1 ? true : undefined));
      const missed = [await notify('rep', { title: 'Missed one' }), await notify('rep', { title: 'Missed two' })];
      const resumed = await openStream('rep', reminder!.id);
      await eventually(() => (resumed.events.length >= 2 ? true : undefined));
      expect(resumed.events.map((e) => e.id)).toEqual(missed);

      // And it carries on live.
      const live = await notify('rep', { title: 'Live again' });
      await eventually(() => (resumed.events.length >= 3 ? true : undefined));
      expect(resumed.notifications().map((n) => [n.id, n.title])).toEqual([
        [missed[0], 'Missed one'],
        [missed[1], 'Missed two'],
        [live, 'Live again'],
      ]);
      await resumed.close();

      expect(bystander.events).toEqual([]);
      await bystander.close();
    }, 30_000);

    it('without Last-Event-ID sends only what is new', async () => {
      await notify('repSouth', { title: 'Old news' });
      const stream = await openStream('repSouth');
      const fresh = await notify('repSouth', { title: 'News' });
      await eventually(() => (stream.events.length ? true : undefined));
      await notify('repSouth', { title: 'More news' });
      await eventually(() => (stream.events.length >= 2 ? true : undefined));
      expect(stream.notifications().map((n) => n.title)).toEqual(['News', 'More news']);
      expect(stream.events[0]!.id).toBe(fresh);
      await stream.close();
    });

    it('reconnects its LISTEN connection when it drops, and sends what was written meanwhile', async () => {
      const hub = t.app.get(NotificationStreamService);
      const stream = await openStream('head');
      await eventually(() => (stream.comments.length ? true : undefined));
      await t.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'crm-notifications' AND datname = current_database()`);
      await eventually(() => (hub.listening ? undefined : true));
      const meanwhile = await notify('head', { title: 'While the listener was down' });
      // Its signal went nowhere: only the replay after reconnecting can deliver it.
      expect(hub.listening).toBe(false);
      await eventually(() => (hub.listening ? true : undefined));
      await eventually(() => (stream.events.length ? true : undefined));
      expect(stream.events.map((event) => event.id)).toEqual([meanwhile]);
      await stream.close();
    });

    // Last: it closes the application.
    it('ends open streams when the application shuts down', async () => {
      const stream = await openStream('operator');
      await eventually(() => (stream.comments.length ? true : undefined));
      await t.app.close();
      await eventually(() => (stream.ended ? true : undefined));
      const connections = await t.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'crm-notifications'`,
      );
      expect(connections).toEqual([]);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Task {
  id: string;
  version: number;
  title: string;
  status: string;
  dueAt: string | null;
  seriesId: string | null;
  ownerId: string | null;
  record: { entity: string; id: string; title: string } | null;
  overdue: boolean;
  projected?: boolean;
  [field: string]: unknown;
}

interface Page {
  items: Task[];
  nextCursor: string | null;
}

interface TimelineItem {
  kind: string;
  id: string;
  occurredAt: string;
  actor: { userId: string | null; name: string | null };
  task?: { event: string; taskId: string; title: string; status: string; result: string | null; outcome: string | null };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('task views', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });
  const post = (user: FixtureUser, path: string, body: object) => t.http.post(`/api/v1/${path}`).set(as(user)).send(body);
  const create = async (user: FixtureUser, body: Record<string, unknown>): Promise<Task> => (await post(user, 'tasks', body).expect(201)).body;
  const getJson = async <T>(user: FixtureUser, path: string): Promise<T> => (await t.http.get(`/api/v1/${path}`).set(as(user)).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    ids.contact = (await post('rep', 'contacts?force=true', { firstName: 'Mine', lastName: 'Person' }).expect(201)).body.id;
    ids.southContact = (await post('repSouth', 'contacts?force=true', { firstName: 'South', lastName: 'Person' }).expect(201)).body.id;
  }, 30_000);
  afterAll(() => t.close());

  describe('my tasks and counters', () => {
    // The same instants for a user in Los Angeles and one in Tokyo: "today" differs between them.
    const zones = { rep: 'America/Los_Angeles', rep2: 'Asia/Tokyo' } as const;
    const offsets = [-40, -30, -23, -17, -11, -5, -1, 1, 5, 11, 17, 23, 30, 40].map((hours) => hours * HOUR);
    const now = Date.now();
    const dayOf = (zone: string) => {
      const start = DateTime.now().setZone(zone).startOf('day');
      return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
    };
    const edges = Object.values(zones).flatMap((zone) => [dayOf(zone).start, dayOf(zone).end]);
    // Instants within minutes of a day's edge could change sides while the test runs.
    const instants = offsets.map((offset) => now + offset).filter((instant) => edges.every((edge) => Math.abs(instant - edge) > 5 * MINUTE));
    const iso = (instant: number) => new Date(instant).toISOString();

    const expected = (user: keyof typeof zones) => {
      const { start, end } = dayOf(zones[user]);
      const titled = (selected: number[]) => selected.map((instant) => `${user} ${iso(instant)}`);
      return {
        overdue: titled(instants.filter((instant) => instant < now)),
        today: titled(instants.filter((instant) => instant >= start && instant < end)),
        upcoming: titled(instants.filter((instant) => instant >= end)),
      };
    };

    beforeAll(async () => {
      for (const [user, zone] of Object.entries(zones)) await t.query(`UPDATE users SET time_zone = $1 WHERE email = $2`, [zone, `${user}@test.crm`]);
      for (const user of ['rep', 'rep2'] as const) {
        for (const instant of instants) {
          // Each task's own zone is irrelevant to the views: the reader's zone decides what "today" is.
          await create(user, { title: `${user} ${iso(instant)}`, dueAt: iso(instant), timeZone: 'Europe/Riga' });
        }
        await create(user, { title: `${user} undated` });
        const done = await create(user, { title: `${user} done`, dueAt: iso(now - 2 * HOUR) });
        await post(user, `tasks/${done.id}/complete`, { version: 1 }).expect(200);
        const trashed = await create(user, { title: `${user} trashed`, dueAt: iso(now - 2 * HOUR) });
        await t.http.delete(`/api/v1/tasks/${trashed.id}`).set(as(user)).expect(204);
      }
      // A task for rep about a contact rep may not read: its record goes unnamed.
      await create('admin', { title: 'rep about south', ownerId: t.users.rep.id, dueAt: iso(now + 400 * DAY), entity: 'contact', entityId: ids.southContact });
      await create('rep', { title: 'rep about own', dueAt: iso(now + 401 * DAY), entity: 'contact', entityId: ids.contact });
    }, 60_000);

    const view = async (user: FixtureUser, name: string, limit = 200) => {
      const seen: Task[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await getJson(user, `tasks/mine?view=${name}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };

    it("shows overdue, today and upcoming in the reader's own time zone", async () => {
      for (const user of ['rep', 'rep2'] as const) {
        const want = expected(user);
        expect((await view(user, 'overdue')).map((task) => task.title)).toEqual(want.overdue);
        expect((await view(user, 'today')).map((task) => task.title)).toEqual(want.today);
        const upcoming = (await view(user, 'upcoming')).map((task) => task.title).filter((title) => !title.includes(' about '));
        expect(upcoming).toEqual(want.upcoming);
      }
      // The two readers see different days at the same instant.
      expect(expected('rep').today).not.toEqual(expected('rep2').today.map((title) => title.replace('rep2', 'rep')));
    });

    it('pages through a view and flags overdue tasks', async () => {
      const paged = await view('rep', 'overdue', 2);
      expect(paged.map((task) => task.title)).toEqual(expected('rep').overdue);
      expect(paged.every((task) => task.overdue && task.ownerId === t.users.rep.id && task.status === 'open')).toBe(true);
      await t.http.get('/api/v1/tasks/mine?view=overdue&cursor=garbage').set(as('rep')).expect(400);
      const other = (await getJson<Page>('rep', 'tasks/mine?view=today&limit=1')).nextCursor;
      if (other) await t.http.get(`/api/v1/tasks/mine?view=overdue&cursor=${other}`).set(as('rep')).expect(400);
      await t.http.get('/api/v1/tasks/mine?view=yesterday').set(as('rep')).expect(400);
    });

    it('names the records of my tasks that I may read', async () => {
      const upcoming = await view('rep', 'upcoming');
      expect(upcoming.find((task) => task.title === 'rep about own')!.record).toEqual({ entity: 'contact', id: ids.contact, title: 'Mine Person' });
      expect(upcoming.find((task) => task.title === 'rep about south')!.record).toBeNull();
    });

    it('counts overdue and today in one answer', async () => {
      for (const user of ['rep', 'rep2'] as const) {
        const want = expected(user);
        expect(await getJson(user, 'tasks/counters')).toEqual({ overdue: want.overdue.length, today: want.today.length });
      }
      expect(await getJson('head', 'tasks/counters')).toEqual({ overdue: 0, today: 0 });
      await t.http.get('/api/v1/tasks/counters').expect(401);
    });
  });

  describe('calendar', () => {
    const base = Date.UTC(2031, 4, 5, 9); // Monday 5 May 2031, 09:00Z
    const at = (days: number) => new Date(base + days * DAY).toISOString();
    const calendar = (user: FixtureUser, from: string, to: string, extra = '') =>
      getJson<{ items: Task[]; truncated: boolean }>(user, `tasks/calendar?from=${from}&to=${to}${extra}`);

    beforeAll(async () => {
      ids.weekly = (await create('rep', { title: 'Cal weekly', dueAt: at(0), timeZone: 'UTC', recurrence: { frequency: 'weekly' } })).id;
      await create('rep', { title: 'Cal daily until', dueAt: at(2), timeZone: 'UTC', recurrence: { frequency: 'daily', until: '2031-05-09' } });
      const done = await create('rep', { title: 'Cal done', dueAt: at(1) });
      await post('rep', `tasks/${done.id}/complete`, { version: 1 }).expect(200);
      const trashed = await create('rep', { title: 'Cal trashed', dueAt: at(1) });
      await t.http.delete(`/api/v1/tasks/${trashed.id}`).set(as('rep')).expect(204);
      await create('rep2', { title: 'Cal rep2', dueAt: at(3) });
      await create('repSouth', { title: 'Cal south', dueAt: at(3) });
      await create('rep', { title: 'Cal outside', dueAt: at(40) });
    });

    it('shows the tasks due in the range with the projected occurrences of recurring ones', async () => {
      const { items, truncated } = await calendar('rep', at(-1), at(28));
      expect(truncated).toBe(false);
      expect(items.map((task) => [task.title, task.dueAt!.slice(0, 10), task.projected])).toEqual([
        ['Cal weekly', '2031-05-05', false],
        ['Cal done', '2031-05-06', false],
        ['Cal daily until', '2031-05-07', false],
        ['Cal daily until', '2031-05-08', true],
        ['Cal daily until', '2031-05-09', true],
        ['Cal weekly', '2031-05-12', true],
        ['Cal weekly', '2031-05-19', true],
        ['Cal weekly', '2031-05-26', true],
      ]);
      const projected = items.filter((task) => task.projected && task.title === 'Cal weekly');
      expect(projected.every((task) => task.id === ids.weekly && task.seriesId === ids.weekly && task.status === 'open' && !task.overdue)).toBe(true);
      // A range that starts after the open occurrence shows its projections only.
      expect((await calendar('rep', at(13), at(20))).items.map((task) => [task.title, task.projected])).toEqual([['Cal weekly', true]]);
    });

    it("keeps to the reader's level and the owner and team filters", async () => {
      const titles = async (user: FixtureUser, extra = '') =>
        [...new Set((await calendar(user, at(-1), at(10), extra)).items.map((task) => task.title))].sort();
      expect(await titles('rep')).toEqual(['Cal daily until', 'Cal done', 'Cal weekly']);
      expect(await titles('head')).toEqual(['Cal daily until', 'Cal done', 'Cal rep2', 'Cal weekly']);
      expect(await titles('head', `&ownerId=${t.users.rep2.id}`)).toEqual(['Cal rep2']);
      expect(await titles('admin', `&teamId=${t.teams.South}`)).toEqual(['Cal south']);
    });

    it('refuses ranges that are not instants, backwards, or longer than 62 days', async () => {
      for (const query of [`from=${at(0)}&to=${at(63)}`, `from=${at(1)}&to=${at(0)}`, `from=${at(0)}`, `from=2031-05-01&to=2031-05-02`]) {
        const refused = await t.http.get(`/api/v1/tasks/calendar?${query}`).set(as('rep')).expect(400);
        expect(refused.headers['content-type']).toContain('application/problem+json');
      }
      await calendar('rep', at(0), at(62));
    });
  });

  describe('timelines', () => {
    const timeline = async (user: FixtureUser, path: string, query = '') =>
      (await getJson<{ items: TimelineItem[]; nextCursor: string | null }>(user, `${path}/timeline?limit=200${query}`)).items;
    const events = (items: TimelineItem[]) => items.filter((item) => item.kind === 'task').map((item) => `${item.task!.event}:${item.task!.title}`);

    beforeAll(async () => {
      ids.timelineContact = (await post('rep', 'contacts?force=true', { firstName: 'Only', lastName: 'Timeline' }).expect(201)).body.id;
      const call = await create('rep', { title: 'TL call', type: 'call', entity: 'contact', entityId: ids.timelineContact });
      await post('rep', `tasks/${call.id}/complete`, { version: 1, outcome: 'busy', result: 'Try after lunch' }).expect(200);
      const dropped = await create('rep', { title: 'TL dropped', entity: 'contact', entityId: ids.timelineContact });
      await post('rep', `tasks/${dropped.id}/cancel`, { version: 1 }).expect(200);
      await create('admin', { title: 'TL for south', ownerId: t.users.repSouth.id, entity: 'contact', entityId: ids.timelineContact });
      const trashed = await create('rep', { title: 'TL trashed', entity: 'contact', entityId: ids.timelineContact });
      await t.http.delete(`/api/v1/tasks/${trashed.id}`).set(as('rep')).expect(204);
      ids.deal = (await post('rep', 'deals', { title: 'TL deal' }).expect(201)).body.id;
      await create('rep', { title: 'TL deal task', entity: 'deal', entityId: ids.deal });
    });

    it("shows a record's tasks created, completed with their outcome, and cancelled, within the reader's task level", async () => {
      const items = await timeline('rep', `contacts/${ids.timelineContact}`);
      expect(events(items).sort()).toEqual(['cancelled:TL dropped', 'completed:TL call', 'created:TL call', 'created:TL dropped']);
      const completed = items.find((item) => item.task?.event === 'completed')!;
      expect(completed.task).toMatchObject({ title: 'TL call', status: 'done', result: 'Try after lunch', outcome: 'busy' });
      expect(completed.actor).toMatchObject({ userId: t.users.rep.id, name: 'Test rep' });
      expect(items.find((item) => item.task?.event === 'created' && item.task.title === 'TL call')!.task).toMatchObject({ result: null, outcome: null });
      expect(events(await timeline('admin', `contacts/${ids.timelineContact}`))).toContain('created:TL for south');
      expect(events(await timeline('rep', `deals/${ids.deal}`))).toEqual(['created:TL deal task']);
    });

    it('filters by kind and pages through task items without gaps or repeats', async () => {
      const all = await timeline('admin', `contacts/${ids.timelineContact}`, '&kind=task');
      expect(all.every((item) => item.kind === 'task')).toBe(true);
      expect(all).toHaveLength(5);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: TimelineItem[]; nextCursor: string | null } = await getJson(
          'admin',
          `contacts/${ids.timelineContact}/timeline?kind=task&kind=change&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.filter((item) => item.kind === 'task').map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((item) => item.id));
    });
  });
});

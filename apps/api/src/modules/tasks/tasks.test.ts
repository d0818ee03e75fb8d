import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Task {
  id: string;
  version: number;
  title: string;
  type: string;
  priority: string;
  status: string;
  dueAt: string | null;
  timeZone: string;
  allDay: boolean;
  reminderOffsets: number[];
  recurrence: { frequency: string; interval: number; until: string | null } | null;
  seriesId: string | null;
  entity: string | null;
  entityId: string | null;
  record: { entity: string; id: string; title: string } | null;
  ownerId: string | null;
  createdById: string | null;
  completedAt: string | null;
  completedById: string | null;
  result: string | null;
  outcome: string | null;
  overdue: boolean;
  deletedAt: string | null;
  [field: string]: unknown;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('tasks', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });
  const post = (user: FixtureUser, path: string, body: object) => t.http.post(`/api/v1/${path}`).set(as(user)).send(body);
  const create = async (user: FixtureUser, body: Record<string, unknown>): Promise<Task> => (await post(user, 'tasks', body).expect(201)).body;
  const get = (user: FixtureUser, id: string) => t.http.get(`/api/v1/tasks/${id}`).set(as(user));
  const list = async (user: FixtureUser, query = ''): Promise<{ items: Task[]; nextCursor: string | null }> =>
    (await t.http.get(`/api/v1/tasks${query}`).set(as(user)).expect(200)).body;
  const count = async () => Number((await t.query<{ n: string }>('SELECT count(*) AS n FROM tasks'))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp();
    await t.query(`UPDATE users SET time_zone = 'Europe/Riga' WHERE email IN ('rep@test.crm', 'head@test.crm')`);
    ids.contact = (await post('rep', 'contacts?force=true', { firstName: 'Anna', lastName: 'Client' }).expect(201)).body.id;
    ids.company = (await post('rep', 'companies?force=true', { name: 'Client Co' }).expect(201)).body.id;
    ids.southContact = (await post('repSouth', 'contacts?force=true', { firstName: 'South', lastName: 'Person' }).expect(201)).body.id;
  }, 30_000);
  afterAll(() => t.close());

  describe('creating', () => {
    it('creates a task with defaults: the author as assignee, their time zone, a todo of normal priority, audited', async () => {
      const task = await create('rep', { title: 'Call Anna back', dueAt: '2030-05-04T09:00:00+03:00', entity: 'contact', entityId: ids.contact });
      expect(task).toMatchObject({
        title: 'Call Anna back',
        type: 'todo',
        priority: 'normal',
        status: 'open',
        dueAt: '2030-05-04T06:00:00.000Z',
        timeZone: 'Europe/Riga',
        allDay: false,
        reminderOffsets: [],
        recurrence: null,
        seriesId: null,
        ownerId: t.users.rep.id,
        createdById: t.users.rep.id,
        record: { entity: 'contact', id: ids.contact, title: 'Anna Client' },
        overdue: false,
        version: 1,
      });
      const [audit] = await t.query<{ action: string; actor_user_id: string; changes: Record<string, { to: unknown }> }>(
        `SELECT action, actor_user_id, changes FROM audit_log WHERE entity = 'task' AND entity_id = $1`,
        [task.id],
      );
      expect(audit).toMatchObject({ action: 'create', actor_user_id: t.users.rep.id });
      expect(audit!.changes.title!.to).toBe('Call Anna back');
      expect((await get('rep', task.id).expect(200)).body).toEqual(task);
    });

    it('takes the start of the day in its zone for an all-day task', async () => {
      const task = await create('rep', { title: 'Quarterly review', dueAt: '2030-06-10T15:30:00+09:00', timeZone: 'Asia/Tokyo', allDay: true });
      expect(task).toMatchObject({ dueAt: '2030-06-09T15:00:00.000Z', timeZone: 'Asia/Tokyo', allDay: true });
    });

    it('refuses bad input with a problem and writes nothing', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ title: 'x', dueAt: '2030-01-01T09:00:00Z', timeZone: 'Mars/Base' }, 'timeZone'],
        [{ title: 'x', reminderOffsets: [15] }, 'reminderOffsets'],
        [{ title: 'x', recurrence: { frequency: 'daily' } }, 'recurrence'],
        [{ title: 'x', dueAt: '2030-01-01T09:00:00Z', recurrence: { frequency: 'hourly' } }, 'recurrence.frequency'],
        [{ title: 'x', dueAt: '2030-01-01T09:00:00Z', recurrence: { frequency: 'daily', interval: 100 } }, 'recurrence.interval'],
        [{ title: 'x', dueAt: '2030-01-05T09:00:00Z', recurrence: { frequency: 'daily', until: '2030-01-04' } }, 'recurrence.until'],
        [{ title: 'x', dueAt: '2030-01-01T09:00:00' }, 'dueAt'],
        [{ title: 'x', dueAt: '2030-01-01' }, 'dueAt'],
        [{ title: 'x', dueAt: '2030-01-01T09:00:00Z', reminderOffsets: [5, 5] }, 'reminderOffsets'],
        [{ title: 'x', dueAt: '2030-01-01T09:00:00Z', reminderOffsets: [1, 2, 3, 4, 5, 6] }, 'reminderOffsets'],
        [{ title: 'x', dueAt: '2030-01-01T09:00:00Z', reminderOffsets: [40_321] }, 'reminderOffsets'],
        [{ title: 'x', entity: 'contact' }, 'entityId'],
        [{ title: 'x', entity: 'note', entityId: ids.contact }, 'entity'],
        [{ title: 'x', entity: 'contact', entityId: ids.southContact }, 'entityId'],
        [{ title: 'x', entity: 'deal', entityId: ids.contact }, 'entityId'],
        [{ title: 'x', status: 'done' }, 'status'],
        [{ title: 'x', colour: 'red' }, 'colour'],
        [{ title: '   ' }, 'title'],
        [{ title: 'x', type: 'lunch' }, 'type'],
      ];
      for (const [body, field] of cases) {
        const refused = await post('rep', 'tasks', body);
        expect([body, refused.status, refused.headers['content-type']]).toEqual([body, 400, expect.stringContaining('application/problem+json')]);
        expect([body, refused.body.errors?.map((error: { field: string }) => error.field)]).toEqual([body, expect.arrayContaining([field])]);
      }
      expect(await count()).toBe(before);
    });
  });

  describe('access', () => {
    beforeAll(async () => {
      ids.repTask = (await create('rep', { title: 'Rep own task', dueAt: '2030-01-01T09:00:00Z' })).id;
      ids.rep2Task = (await create('rep2', { title: 'Rep2 own task', dueAt: '2030-01-01T09:00:00Z' })).id;
      ids.southTask = (await create('repSouth', { title: 'South task', dueAt: '2030-01-01T09:00:00Z' })).id;
    });

    it('lets a rep reach only their own tasks and assign only to themselves', async () => {
      await get('rep', ids.repTask!).expect(200);
      await get('rep', ids.rep2Task!).expect(404);
      await t.http.patch(`/api/v1/tasks/${ids.rep2Task}`).set(as('rep')).send({ title: 'Mine now', version: 1 }).expect(404);
      await post('rep', `tasks/${ids.rep2Task}/complete`, { version: 1 }).expect(404);
      await t.http.delete(`/api/v1/tasks/${ids.rep2Task}`).set(as('rep')).expect(404);
      const refused = await post('rep', 'tasks', { title: 'For rep2', ownerId: t.users.rep2.id }).expect(403);
      expect(refused.body.code).toBe('owner_not_allowed');
      const titles = (await list('rep', '?limit=200')).items.map((task) => task.title);
      expect(titles).toContain('Rep own task');
      expect(titles).not.toContain('Rep2 own task');
    });

    it('lets a head reach and assign within the team', async () => {
      await get('head', ids.rep2Task!).expect(200);
      await get('head', ids.southTask!).expect(404);
      const assigned = await create('head', { title: 'For rep2 from head', ownerId: t.users.rep2.id });
      expect(assigned).toMatchObject({ ownerId: t.users.rep2.id, createdById: t.users.head.id });
      await post('head', 'tasks', { title: 'For south', ownerId: t.users.repSouth.id }).expect(403);
      // The assignee hears of it.
      const [note] = await t.query<{ kind: string; user_id: string; title: string }>(`SELECT kind, user_id, title FROM notifications WHERE task_id = $1`, [assigned.id]);
      expect(note).toEqual({ kind: 'task_assigned', user_id: t.users.rep2.id, title: 'For rep2 from head' });
      const titles = (await list('head', '?limit=200')).items.map((task) => task.title);
      expect(titles).toEqual(expect.arrayContaining(['Rep own task', 'Rep2 own task']));
      expect(titles).not.toContain('South task');
    });

    it('lets an operator create for anyone and read all, but change only their own and delete none', async () => {
      const forSouth = await create('operator', { title: 'Lead for south', ownerId: t.users.repSouth.id });
      await get('operator', ids.southTask!).expect(200);
      await t.http.patch(`/api/v1/tasks/${forSouth.id}`).set(as('operator')).send({ title: 'Changed', version: 1 }).expect(404);
      const own = await create('operator', { title: 'Operator own' });
      await t.http.patch(`/api/v1/tasks/${own.id}`).set(as('operator')).send({ title: 'Operator own, changed', version: 1 }).expect(200);
      await t.http.delete(`/api/v1/tasks/${own.id}`).set(as('operator')).expect(403);
    });

    it('lets an analyst read everything and change nothing', async () => {
      await get('analyst', ids.southTask!).expect(200);
      await post('analyst', 'tasks', { title: 'Nope' }).expect(403);
      await post('analyst', `tasks/${ids.southTask}/complete`, { version: 1 }).expect(403);
      expect((await list('analyst', '?limit=200')).items.map((task) => task.title)).toEqual(expect.arrayContaining(['Rep own task', 'South task']));
    });

    it("names a linked record only for those who may read it", async () => {
      const task = await create('admin', { title: 'About a south person', ownerId: t.users.rep.id, entity: 'contact', entityId: ids.southContact });
      expect(task.record).toEqual({ entity: 'contact', id: ids.southContact, title: 'South Person' });
      expect((await get('rep', task.id).expect(200)).body).toMatchObject({ entity: 'contact', entityId: ids.southContact, record: null });
      const listed = (await list('rep', `?entity=contact&entityId=${ids.southContact}`)).items;
      expect(listed.map((item) => [item.id, item.record])).toEqual([[task.id, null]]);
    });
  });

  describe('updating and deleting', () => {
    it('needs the version (428, 409) and never the status', async () => {
      const task = await create('rep', { title: 'Versioned', dueAt: '2030-02-01T10:00:00Z' });
      await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('rep')).send({ title: 'No version' }).expect(428);
      const stale = await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('rep')).send({ title: 'Stale', version: 7 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 1 });
      await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('rep')).send({ status: 'done', version: 1 }).expect(400);
      const viaHeader = await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('rep')).set('if-match', '"1"').send({ priority: 'high' }).expect(200);
      expect(viaHeader.body).toMatchObject({ priority: 'high', version: 2 });
      expect(viaHeader.headers.etag).toBe('"2"');
      // Reminders and recurrence need the due time: clearing it with reminders left is refused.
      await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('rep')).send({ reminderOffsets: [30], version: 2 }).expect(200);
      const cleared = await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('rep')).send({ dueAt: null, version: 3 }).expect(400);
      expect(cleared.body.code).toBe('due_required');
      const unlinked = await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('rep')).send({ entity: 'contact', version: 3 }).expect(400);
      expect(unlinked.body.code).toBe('record_incomplete');
      const [audit] = await t.query<{ changes: Record<string, unknown> }>(
        `SELECT changes FROM audit_log WHERE entity = 'task' AND entity_id = $1 AND action = 'update' ORDER BY id LIMIT 1`,
        [task.id],
      );
      expect(audit!.changes).toEqual({ priority: { from: 'normal', to: 'high' } });
    });

    it('reassigns within the level and tells the new assignee', async () => {
      const task = await create('head', { title: 'Hand over', ownerId: t.users.rep.id });
      const moved = await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('head')).send({ ownerId: t.users.rep2.id, version: 1 }).expect(200);
      expect(moved.body.ownerId).toBe(t.users.rep2.id);
      await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('head')).send({ ownerId: t.users.repSouth.id, version: 2 }).expect(403);
      expect(await t.query(`SELECT user_id FROM notifications WHERE task_id = $1 ORDER BY created_at`, [task.id])).toEqual([
        { user_id: t.users.rep.id },
        { user_id: t.users.rep2.id },
      ]);
    });

    it('follows its contact when the contact is merged into another, and keeps a history readable through /audit', async () => {
      const stays = (await post('rep', 'contacts?force=true', { lastName: 'Stays' }).expect(201)).body.id;
      const goes = (await post('rep', 'contacts?force=true', { lastName: 'Goes' }).expect(201)).body.id;
      const task = await create('rep', { title: 'About the duplicate', entity: 'contact', entityId: goes });
      await post('rep', `contacts/${stays}/merge`, { sourceId: goes }).expect(200);
      expect((await get('rep', task.id).expect(200)).body).toMatchObject({ entityId: stays, record: { entity: 'contact', id: stays, title: 'Stays' } });
      const history = await t.http.get(`/api/v1/audit?entity=task&id=${task.id}`).set(as('rep')).expect(200);
      expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual(['create']);
      await t.http.get(`/api/v1/audit?entity=task&id=${task.id}`).set(as('rep2')).expect(404);
    });

    it('moves a task to the trash with its reminders and restores both', async () => {
      const due = new Date(Date.now() + 2 * DAY).toISOString();
      const task = await create('rep', { title: 'Trash me', dueAt: due, reminderOffsets: [60, 0] });
      const pending = () => t.query(`SELECT offset_minutes FROM task_reminders WHERE task_id = $1 ORDER BY offset_minutes`, [task.id]);
      expect(await pending()).toEqual([{ offset_minutes: 0 }, { offset_minutes: 60 }]);
      await t.http.delete(`/api/v1/tasks/${task.id}`).set(as('rep')).set('if-match', '"5"').expect(409);
      await t.http.delete(`/api/v1/tasks/${task.id}`).set(as('rep')).expect(204);
      await get('rep', task.id).expect(404);
      expect(await pending()).toEqual([]);
      expect((await list('rep', '?deleted=only')).items.map((item) => item.id)).toEqual([task.id]);
      const restored = await post('rep', `tasks/${task.id}/restore`, {}).expect(200);
      expect(restored.body).toMatchObject({ deletedAt: null, version: 3 });
      expect(await pending()).toHaveLength(2);
      const actions = await t.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'task' AND entity_id = $1 ORDER BY id`, [task.id]);
      expect(actions.map((row) => row.action)).toEqual(['create', 'delete', 'restore']);
    });
  });

  describe('completing', () => {
    it('completes with a result and an outcome the type takes, and refuses others', async () => {
      const call = await create('rep', { title: 'Call', type: 'call', dueAt: '2030-03-01T10:00:00Z', entity: 'contact', entityId: ids.contact });
      expect((await post('rep', `tasks/${call.id}/complete`, { version: 1, outcome: 'held' }).expect(400)).body.code).toBe('outcome_not_allowed');
      const todo = await create('rep', { title: 'Todo' });
      await post('rep', `tasks/${todo.id}/complete`, { version: 1, outcome: 'reached' }).expect(400);
      await post('rep', `tasks/${todo.id}/complete`, { version: 1, outcome: 'maybe' }).expect(400);

      const done = (await post('rep', `tasks/${call.id}/complete`, { version: 1, outcome: 'reached', result: 'Wants the offer by Friday' }).expect(200)).body;
      expect(done.task).toMatchObject({
        status: 'done',
        outcome: 'reached',
        result: 'Wants the offer by Friday',
        completedById: t.users.rep.id,
        version: 2,
        overdue: false,
      });
      expect(Date.parse(done.task.completedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(done.next).toBeNull();
      expect(done.nextOccurrence).toBeNull();
      expect((await post('rep', `tasks/${call.id}/complete`, { version: 2 }).expect(409)).body.code).toBe('task_not_open');
      await post('rep', `tasks/${call.id}/cancel`, { version: 2 }).expect(409);
    });

    it('creates the next task in the same step, by default about the same record, for the same assignee, of the same type', async () => {
      const call = await create('head', { title: 'First call', type: 'call', ownerId: t.users.rep.id, entity: 'company', entityId: ids.company });
      const done = (
        await post('rep', `tasks/${call.id}/complete`, {
          version: 1,
          outcome: 'no_answer',
          nextTask: { title: 'Call again', dueAt: '2030-03-02T10:00:00+02:00', reminderOffsets: [15] },
        }).expect(200)
      ).body;
      expect(done.next).toMatchObject({
        title: 'Call again',
        type: 'call',
        ownerId: t.users.rep.id,
        createdById: t.users.rep.id,
        entity: 'company',
        entityId: ids.company,
        record: { entity: 'company', id: ids.company, title: 'Client Co' },
        dueAt: '2030-03-02T08:00:00.000Z',
        reminderOffsets: [15],
      });
      expect(await t.query(`SELECT offset_minutes FROM task_reminders WHERE task_id = $1`, [done.next.id])).toEqual([{ offset_minutes: 15 }]);
    });

    it('writes nothing when the next task fails', async () => {
      const task = await create('rep', { title: 'Keep me open', dueAt: '2030-03-01T10:00:00Z' });
      const before = await count();
      const refused = await post('rep', `tasks/${task.id}/complete`, { version: 1, result: 'Done', nextTask: { title: 'For rep2', ownerId: t.users.rep2.id } }).expect(403);
      expect(refused.body.code).toBe('owner_not_allowed');
      const invalid = await post('rep', `tasks/${task.id}/complete`, { version: 1, nextTask: { title: 'x', reminderOffsets: [5] } }).expect(400);
      expect(invalid.body.errors[0].field).toBe('nextTask.reminderOffsets');
      const malformed = await post('rep', `tasks/${task.id}/complete`, { version: 1, nextTask: { title: 'x', colour: 'red' } }).expect(400);
      expect(malformed.body.errors[0].field).toBe('nextTask.colour');
      expect(await count()).toBe(before);
      expect((await get('rep', task.id).expect(200)).body).toMatchObject({ status: 'open', result: null, version: 1 });
      expect(await t.query(`SELECT action FROM audit_log WHERE entity = 'task' AND entity_id = $1`, [task.id])).toEqual([{ action: 'create' }]);
    });

    it('cancels and reopens, version-checked and audited', async () => {
      const task = await create('rep', { title: 'Maybe not' });
      await post('rep', `tasks/${task.id}/reopen`, { version: 1 }).expect(409);
      await post('rep', `tasks/${task.id}/cancel`, { version: 9 }).expect(409);
      await post('rep', `tasks/${task.id}/cancel`, {}).expect(400);
      const cancelled = (await post('rep', `tasks/${task.id}/cancel`, { version: 1 }).expect(200)).body;
      expect(cancelled).toMatchObject({ status: 'cancelled', completedById: t.users.rep.id, version: 2 });
      const reopened = (await post('rep', `tasks/${task.id}/reopen`, { version: 2 }).expect(200)).body;
      expect(reopened).toMatchObject({ status: 'open', completedAt: null, completedById: null, version: 3 });
      const changes = await t.query<{ changes: { status: { from: string; to: string } } }>(
        `SELECT changes FROM audit_log WHERE entity = 'task' AND entity_id = $1 AND action = 'update' ORDER BY id`,
        [task.id],
      );
      expect(changes.map((row) => `${row.changes.status.from}>${row.changes.status.to}`)).toEqual(['open>cancelled', 'cancelled>open']);
    });
  });

  describe('recurrence', () => {
    const complete = async (task: Task) => (await post('rep', `tasks/${task.id}/complete`, { version: task.version }).expect(200)).body;

    it('keeps 09:00 in the task zone across the DST change (Riga, 28 → 29 March 2026)', async () => {
      const first = await create('rep', {
        title: 'Daily stand-up',
        dueAt: '2026-03-28T09:00:00+02:00',
        timeZone: 'Europe/Riga',
        recurrence: { frequency: 'daily' },
        reminderOffsets: [10],
      });
      expect(first).toMatchObject({ dueAt: '2026-03-28T07:00:00.000Z', seriesId: first.id, recurrence: { frequency: 'daily', interval: 1, until: null } });
      const done = await complete(first);
      expect(done.nextOccurrence).toMatchObject({
        title: 'Daily stand-up',
        dueAt: '2026-03-29T06:00:00.000Z',
        seriesId: first.id,
        status: 'open',
        reminderOffsets: [10],
        recurrence: { frequency: 'daily', interval: 1, until: null },
      });
      const third = (await complete(done.nextOccurrence)).nextOccurrence;
      expect(third).toMatchObject({ dueAt: '2026-03-30T06:00:00.000Z', seriesId: first.id });
    });

    it('steps weekly and every n days', async () => {
      const weekly = await create('rep', { title: 'Weekly', dueAt: '2030-01-07T08:00:00Z', timeZone: 'UTC', recurrence: { frequency: 'weekly', interval: 2 } });
      expect((await complete(weekly)).nextOccurrence.dueAt).toBe('2030-01-21T08:00:00.000Z');
    });

    it('clamps monthly occurrences on the 31st to the month end and returns to the 31st', async () => {
      let task = await create('rep', { title: 'Month end report', dueAt: '2026-01-31T10:00:00+02:00', timeZone: 'Europe/Riga', recurrence: { frequency: 'monthly' } });
      const dues: string[] = [];
      for (let step = 0; step < 4; step++) {
        task = (await complete(task)).nextOccurrence;
        dues.push(task.dueAt!);
      }
      expect(dues).toEqual(['2026-02-28T08:00:00.000Z', '2026-03-31T07:00:00.000Z', '2026-04-30T07:00:00.000Z', '2026-05-31T07:00:00.000Z']);
    });

    it('creates nothing after until, and not twice when a completed occurrence is reopened and completed again', async () => {
      const first = await create('rep', { title: 'Until', dueAt: '2030-04-01T09:00:00Z', timeZone: 'UTC', recurrence: { frequency: 'daily', until: '2030-04-02' } });
      const second = (await complete(first)).nextOccurrence;
      expect(second.dueAt).toBe('2030-04-02T09:00:00.000Z');
      expect((await complete(second)).nextOccurrence).toBeNull();

      const reopened = (await post('rep', `tasks/${first.id}/reopen`, { version: 2 }).expect(200)).body;
      expect((await complete(reopened)).nextOccurrence).toBeNull();
      expect(await t.query(`SELECT count(*)::int AS n FROM tasks WHERE series_id = $1`, [first.id])).toEqual([{ n: 2 }]);
    });

    it('keeps an occurrence in its run when the same rule is sent back, and starts a new run when it is rescheduled', async () => {
      let task = await create('rep', { title: 'Run', dueAt: '2030-01-31T12:00:00Z', timeZone: 'UTC', recurrence: { frequency: 'monthly' } });
      task = (await complete(task)).nextOccurrence;
      expect(task.dueAt).toBe('2030-02-28T12:00:00.000Z');
      task = (await t.http.patch(`/api/v1/tasks/${task.id}`).set(as('rep')).send({ recurrence: { frequency: 'monthly' }, dueAt: task.dueAt, version: 1 }).expect(200)).body;
      expect((await complete(task)).nextOccurrence.dueAt).toBe('2030-03-31T12:00:00.000Z');

      let moved = await create('rep', { title: 'Moved', dueAt: '2030-01-06T12:00:00Z', timeZone: 'UTC', recurrence: { frequency: 'weekly' } });
      moved = (await t.http.patch(`/api/v1/tasks/${moved.id}`).set(as('rep')).send({ dueAt: '2030-01-08T12:00:00Z', version: 1 }).expect(200)).body;
      expect((await complete(moved)).nextOccurrence.dueAt).toBe('2030-01-15T12:00:00.000Z');
    });
  });

  describe('lists', () => {
    beforeAll(async () => {
      await t.query(`UPDATE users SET time_zone = 'UTC' WHERE email = 'rep2@test.crm'`);
      ids.rep2Contact = (await post('rep2', 'contacts?force=true', { firstName: 'Second', lastName: 'Client' }).expect(201)).body.id;
      const tasks: Record<string, unknown>[] = [
        { title: 'Zq alpha call', type: 'call', priority: 'high', dueAt: '2031-01-03T09:00:00Z', tags: ['hot'] },
        { title: 'Zq beta meeting', type: 'meeting', priority: 'low', dueAt: '2031-01-01T09:00:00Z', tags: ['hot', 'q1'] },
        { title: 'Zq gamma email', type: 'email', dueAt: '2031-01-02T09:00:00Z', entity: 'contact', entityId: ids.rep2Contact },
        { title: 'Zq delta someday' },
        { title: 'Zq epsilon late', dueAt: '2020-01-01T09:00:00Z' },
      ];
      for (const body of tasks) await create('rep2', body);
      const done = await create('rep2', { title: 'Zq zeta done', dueAt: '2020-01-02T09:00:00Z' });
      await post('rep2', `tasks/${done.id}/complete`, { version: 1 }).expect(200);
    });

    const titles = async (query: string) => (await list('rep2', `?limit=200&q=zq${query}`)).items.map((task) => task.title);

    it('lists open tasks by due time, undated last, and pages through them', async () => {
      expect(await titles('')).toEqual(['Zq epsilon late', 'Zq beta meeting', 'Zq gamma email', 'Zq alpha call', 'Zq delta someday']);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Task[]; nextCursor: string | null } = await list('rep2', `?limit=2&q=zq${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((task) => task.title));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(await titles(''));
      expect(await titles('&sort=-priority,dueAt')).toEqual(['Zq alpha call', 'Zq epsilon late', 'Zq gamma email', 'Zq delta someday', 'Zq beta meeting']);
      expect(await titles('&sort=-createdAt')).toEqual(['Zq epsilon late', 'Zq delta someday', 'Zq gamma email', 'Zq beta meeting', 'Zq alpha call']);
    });

    it('filters by status, type, priority, due range, overdue, record, tag, owner and team', async () => {
      expect(await titles('&status=done')).toEqual(['Zq zeta done']);
      expect(await titles('&status=open&status=done&type=todo')).toEqual(['Zq epsilon late', 'Zq zeta done', 'Zq delta someday']);
      expect(await titles('&priority=high&priority=low')).toEqual(['Zq beta meeting', 'Zq alpha call']);
      expect(await titles('&dueFrom=2031-01-02T00:00:00Z&dueTo=2031-01-03T09:00:00Z')).toEqual(['Zq gamma email']);
      expect(await titles('&overdue=true')).toEqual(['Zq epsilon late']);
      expect(await titles('&overdue=false')).toEqual(['Zq beta meeting', 'Zq gamma email', 'Zq alpha call', 'Zq delta someday']);
      expect(await titles(`&entity=contact&entityId=${ids.rep2Contact}`)).toEqual(['Zq gamma email']);
      expect(await titles('&tag=hot&tag=q1')).toEqual(['Zq beta meeting']);
      expect(await titles('&tag=hot&tag=q1&tagMatch=any')).toEqual(['Zq beta meeting', 'Zq alpha call']);
      const overdue = (await list('rep2', '?q=epsilon')).items[0]!;
      expect(overdue.overdue).toBe(true);
      expect((await list('head', `?limit=200&q=zq&ownerId=${t.users.rep2.id}`)).items).toHaveLength(5);
      expect((await list('admin', `?limit=200&q=zq&teamId=${t.teams.South}`)).items).toHaveLength(0);
      expect((await list('admin', `?limit=200&q=zq&teamId=${t.teams.North}`)).items).toHaveLength(5);
      for (const query of ['?status=closed', '?sort=title', '?dueFrom=yesterday', '?entity=contact', '?overdue=maybe', '?cursor=garbage']) {
        await t.http.get(`/api/v1/tasks${query}`).set(as('rep2')).expect(400);
      }
    });
  });
});

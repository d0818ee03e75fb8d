import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Deal {
  id: string;
  title: string;
  version: number;
  stageId: string;
  status: string;
}

interface Card {
  id: string;
  title: string;
  nextTaskDueAt: string | null;
  overdue: boolean;
  withoutTask: boolean;
}

type StageName = 'Qualification' | 'Needs analysis' | 'Proposal' | 'Won' | 'Lost';

const DAY = 24 * 3600_000;

describe('deal control with tasks', () => {
  let t: TestApp;
  let pipeline: string;
  let stages: Record<StageName, string>;
  const deals: Record<string, Deal> = {};

  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });
  const post = (user: FixtureUser, path: string, body: object) => t.http.post(`/api/v1/${path}`).set(as(user)).send(body);
  const task = async (user: FixtureUser, body: Record<string, unknown>) => (await post(user, 'tasks', body).expect(201)).body as { id: string };
  const deal = async (key: string) => (deals[key] = (await t.http.get(`/api/v1/deals/${deals[key]!.id}`).set(as('rep')).expect(200)).body);
  const move = (user: FixtureUser, key: string, stage: StageName, extra: Record<string, unknown> = {}) =>
    post(user, `deals/${deals[key]!.id}/stage`, { stageId: stages[stage], version: deals[key]!.version, ...extra });
  const setRequireNextTask = (on: boolean) =>
    t.http.patch('/api/v1/settings').set(as('admin')).send({ deals: { requireNextTask: on } }).expect(200);
  const titles = async (query: string) =>
    ((await t.http.get(`/api/v1/deals?limit=200&q=DC&${query}`).set(as('rep')).expect(200)).body.items as Deal[]).map((item) => item.title).sort();

  beforeAll(async () => {
    t = await startTestApp();
    const rows = await t.query<{ id: string; name: StageName; pipeline_id: string }>(
      `SELECT s.id, s.name, s.pipeline_id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Sales'`,
    );
    pipeline = rows[0]!.pipeline_id;
    stages = Object.fromEntries(rows.map((row) => [row.name, row.id])) as Record<StageName, string>;
    for (const key of ['withTask', 'withoutTask', 'onlyDone', 'won', 'trashedTask', 'undated']) {
      deals[key] = (await post('rep', 'deals', { title: `DC ${key}` }).expect(201)).body;
    }
    const link = (key: string) => ({ entity: 'deal', entityId: deals[key]!.id });
    await task('rep', { title: 'Late step', dueAt: new Date(Date.now() - DAY).toISOString(), ...link('withTask') });
    await task('rep', { title: 'Later step', dueAt: new Date(Date.now() + DAY).toISOString(), ...link('withTask') });
    const done = await task('rep', { title: 'Done step', ...link('onlyDone') });
    await post('rep', `tasks/${done.id}/complete`, { version: 1 }).expect(200);
    const trashed = await task('rep', { title: 'Trashed step', ...link('trashedTask') });
    await t.http.delete(`/api/v1/tasks/${trashed.id}`).set(as('rep')).expect(204);
    await task('rep', { title: 'Someday step', ...link('undated') });
    await move('rep', 'won', 'Won').expect(200);
  }, 30_000);
  afterAll(() => t.close());

  it('lists the open deals without an open task, and those with one', async () => {
    expect(await titles('withoutOpenTask=true')).toEqual(['DC onlyDone', 'DC trashedTask', 'DC withoutTask']);
    expect(await titles('withoutOpenTask=false')).toEqual(['DC undated', 'DC withTask']);
    await t.http.get('/api/v1/deals?withoutOpenTask=maybe').set(as('rep')).expect(400);
  });

  it("shows each card's next task, whether it is late, and the open deals without one", async () => {
    const board = (await t.http.get(`/api/v1/pipelines/${pipeline}/board`).set(as('rep')).expect(200)).body as { stages: { items: Card[] }[] };
    const cards = Object.fromEntries(board.stages.flatMap((stage) => stage.items).map((card) => [card.title, card]));
    const late = (await t.query<{ due_at: Date }>(`SELECT due_at FROM tasks WHERE title = 'Late step'`))[0]!.due_at.toISOString();
    expect(cards['DC withTask']).toMatchObject({ nextTaskDueAt: late, overdue: true, withoutTask: false });
    expect(cards['DC withoutTask']).toMatchObject({ nextTaskDueAt: null, overdue: false, withoutTask: true });
    expect(cards['DC onlyDone']).toMatchObject({ nextTaskDueAt: null, withoutTask: true });
    expect(cards['DC undated']).toMatchObject({ nextTaskDueAt: null, overdue: false, withoutTask: false });
    expect(cards['DC won']).toMatchObject({ nextTaskDueAt: null, withoutTask: false });
  });

  describe('with deals.requireNextTask on', () => {
    beforeAll(() => setRequireNextTask(true));
    afterAll(() => setRequireNextTask(false));

    it('refuses a move to an open stage of a deal without an open task, writing nothing', async () => {
      const before = await t.query(`SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM deal_stage_history) AS history`);
      const refused = await move('rep', 'withoutTask', 'Needs analysis').expect(422);
      expect(refused.body).toMatchObject({ code: 'next_task_required', status: 422 });
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const invalid = await move('rep', 'withoutTask', 'Needs analysis', { nextTask: { title: 'x', reminderOffsets: [5] } }).expect(400);
      expect(invalid.body.errors[0].field).toBe('nextTask.reminderOffsets');
      await move('rep', 'withoutTask', 'Needs analysis', { nextTask: { title: 'x', entity: 'contact' } }).expect(400);
      await move('rep', 'withoutTask', 'Needs analysis', { nextTask: { title: 'For rep2', ownerId: t.users.rep2.id } }).expect(403);
      expect(await t.query(`SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM deal_stage_history) AS history`)).toEqual(before);
      expect((await deal('withoutTask')).version).toBe(1);
    });

    it('moves it with a nextTask created in the same step, assigned to the deal owner', async () => {
      const moved = await move('head', 'withoutTask', 'Needs analysis', { nextTask: { title: 'Send the offer', type: 'email', dueAt: '2031-02-03T10:00:00Z' } }).expect(200);
      expect(moved.body).toMatchObject({ stageId: stages['Needs analysis'], version: 2 });
      const [created] = await t.query<{ id: string; owner_id: string; created_by_id: string; entity: string; entity_id: string; type: string }>(
        `SELECT id, owner_id, created_by_id, entity, entity_id, type FROM tasks WHERE title = 'Send the offer'`,
      );
      expect(created).toMatchObject({ owner_id: t.users.rep.id, created_by_id: t.users.head.id, entity: 'deal', entity_id: deals.withoutTask!.id, type: 'email' });
      expect(await t.query(`SELECT action FROM audit_log WHERE entity = 'task' AND entity_id = $1`, [created!.id])).toEqual([{ action: 'create' }]);
      expect(await titles('withoutOpenTask=true')).toEqual(['DC onlyDone', 'DC trashedTask']);
    });

    it('moves a deal that has an open task, and any deal to won or lost, without one', async () => {
      await move('rep', 'withTask', 'Proposal').expect(200);
      await move('rep', 'undated', 'Proposal').expect(200);
      await move('rep', 'onlyDone', 'Won').expect(200);
      // A move to the stage the deal is in changes nothing and needs nothing.
      await move('rep', 'trashedTask', 'Qualification').expect(200);
    });
  });

  it('moves freely with the setting off', async () => {
    await move('rep', 'trashedTask', 'Proposal').expect(200);
  });
});

describe('settings', () => {
  let t: TestApp;
  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });
  const read = async (user: FixtureUser) => (await t.http.get('/api/v1/settings').set(as(user)).expect(200)).body;
  const update = (user: FixtureUser, body: object) => t.http.patch('/api/v1/settings').set(as(user)).send(body);
  const audits = () => t.query(`SELECT entity_id, action, changes FROM audit_log WHERE entity = 'settings' ORDER BY id`);

  beforeAll(async () => {
    t = await startTestApp();
  }, 30_000);
  afterAll(() => t.close());

  it('is read by every signed-in user, with defaults', async () => {
    for (const user of ['rep', 'analyst', 'operator'] as const) expect(await read(user)).toEqual({ deals: { requireNextTask: false } });
    await t.http.get('/api/v1/settings').expect(401);
  });

  it('is changed by those who may update settings, audited, and read back at once', async () => {
    for (const user of ['rep', 'head', 'analyst'] as const) await update(user, { deals: { requireNextTask: true } }).expect(403);
    for (const body of [{ deals: { requireNextTask: 'yes' } }, { deals: { requireNextTask: null } }, { deals: { other: true } }, { theme: 'dark' }]) {
      const refused = await update('admin', body).expect(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect(await audits()).toEqual([]);

    expect((await update('admin', { deals: { requireNextTask: true } }).expect(200)).body).toEqual({ deals: { requireNextTask: true } });
    expect(await read('rep')).toEqual({ deals: { requireNextTask: true } });
    await update('admin', { deals: { requireNextTask: true } }).expect(200);
    await update('admin', {}).expect(200);
    expect(await audits()).toEqual([
      { entity_id: '00000000-0000-0000-0000-000000000000', action: 'update', changes: { 'deals.requireNextTask': { from: false, to: true } } },
    ]);
    await update('admin', { deals: { requireNextTask: false } }).expect(200);
    expect(await read('analyst')).toEqual({ deals: { requireNextTask: false } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Card {
  id: string;
  title: string;
  amount: string;
  currency: string;
  company: { id: string; name: string } | null;
  contact: { id: string; fullName: string } | null;
  [field: string]: unknown;
}

interface Stage {
  id: string;
  name: string;
  count: number;
  sums: { currency: string; amount: string }[];
  items: Card[];
  nextCursor: string | null;
  [field: string]: unknown;
}

interface Board {
  pipeline: { id: string; name: string };
  stages: Stage[];
}

type StageName = 'Qualification' | 'Needs analysis' | 'Proposal' | 'Negotiation' | 'Won' | 'Lost';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('deal board', () => {
  let t: TestApp;
  let sales: string;
  let stages: Record<StageName, string>;
  let otherPipelineStage: string;
  const ids: Record<string, string> = {};
  const enteredAt: Record<string, string> = {};
  const now = Date.now();

  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });
  const board = async (user: FixtureUser, query = ''): Promise<Board> => (await t.http.get(`/api/v1/pipelines/${sales}/board${query}`).set(as(user)).expect(200)).body;
  const column = async (user: FixtureUser, name: StageName, query = '') => (await board(user, query)).stages.find((stage) => stage.name === name)!;
  const titles = (stage: Stage) => stage.items.map((card) => card.title);
  const stagePage = (user: FixtureUser, stageId: string, query: string) =>
    t.http.get(`/api/v1/pipelines/${sales}/board/stages/${stageId}${query}`).set(as(user));

  /** A deal straight in SQL, so that the time it entered its stage is ours to choose. */
  async function deal(
    key: string,
    fields: {
      stage: StageName;
      owner: FixtureUser;
      amount: string;
      currency?: string;
      ago: number;
      companyId?: string;
      contacts?: [string, number][];
      tags?: string[];
      expected?: string;
      deleted?: boolean;
    },
  ): Promise<void> {
    enteredAt[key] = new Date(now - fields.ago).toISOString();
    const [row] = await t.query<{ id: string }>(
      `INSERT INTO deals (title, pipeline_id, stage_id, status, stage_entered_at, amount, currency, expected_close_date, company_id, owner_id, tags, deleted_at)
       SELECT $1, s.pipeline_id, s.id, s.kind, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END FROM pipeline_stages s WHERE s.id = $2
       RETURNING id`,
      [
        key,
        stages[fields.stage],
        enteredAt[key],
        fields.amount,
        fields.currency ?? 'EUR',
        fields.expected ?? null,
        fields.companyId ?? null,
        t.users[fields.owner].id,
        fields.tags ?? [],
        fields.deleted ?? false,
      ],
    );
    ids[key] = row!.id;
    for (const [contactId, position] of fields.contacts ?? []) {
      await t.query(`INSERT INTO deal_contacts (deal_id, contact_id, position) VALUES ($1, $2, $3)`, [row!.id, contactId, position]);
    }
  }

  const create = async (user: FixtureUser, path: 'contacts' | 'companies', body: Record<string, unknown>) =>
    (await t.http.post(`/api/v1/${path}?force=true`).set(as(user)).send(body).expect(201)).body.id as string;

  beforeAll(async () => {
    t = await startTestApp();
    const rows = await t.query<{ id: string; name: StageName; pipeline_id: string }>(
      `SELECT s.id, s.name, s.pipeline_id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Sales'`,
    );
    sales = rows[0]!.pipeline_id;
    stages = Object.fromEntries(rows.map((row) => [row.name, row.id])) as Record<StageName, string>;
    const [other] = await t.query<{ id: string }>(
      `WITH p AS (INSERT INTO pipelines (name, position) VALUES ('Board other', 3) RETURNING id)
       INSERT INTO pipeline_stages (pipeline_id, name, position, probability, kind) SELECT id, 'Elsewhere', 0, 20, 'open' FROM p RETURNING id`,
    );
    otherPipelineStage = other!.id;

    ids.boardCo = await create('rep', 'companies', { name: 'Board Co' });
    ids.southCo = await create('repSouth', 'companies', { name: 'South Co' });
    // The main contact's id sorts after the other one's in some runs: the card must follow the position, not the id.
    ids.main = await create('rep', 'contacts', { firstName: 'Main', lastName: 'Person' });
    ids.second = await create('rep', 'contacts', { firstName: 'Second', lastName: 'Person' });
    ids.southPerson = await create('repSouth', 'contacts', { firstName: 'South', lastName: 'Person' });

    await deal('Q1 fleet renewal', {
      stage: 'Qualification',
      owner: 'rep',
      amount: '1000.50',
      ago: 60 * MINUTE,
      companyId: ids.boardCo,
      contacts: [[ids.second!, 1], [ids.main!, 0]],
      tags: ['hot'],
      expected: '2031-03-15',
    });
    await deal('Q2 printers', { stage: 'Qualification', owner: 'rep2', amount: '2000.25', ago: 120 * MINUTE, tags: ['cold'] });
    await deal('Q3 south yen', { stage: 'Qualification', owner: 'repSouth', amount: '1500', currency: 'JPY', ago: 180 * MINUTE, companyId: ids.southCo, contacts: [[ids.southPerson!, 0]] });
    await deal('Q4 old but open', { stage: 'Qualification', owner: 'rep', amount: '500.00', ago: 400 * DAY });
    await deal('Q5 trashed', { stage: 'Qualification', owner: 'rep', amount: '9.99', ago: 30 * MINUTE, deleted: true });
    await deal('P1 dollars', { stage: 'Proposal', owner: 'rep', amount: '300.00', currency: 'USD', ago: 10 * MINUTE, companyId: ids.southCo, contacts: [[ids.southPerson!, 0]] });
    await deal('W1 recent win', { stage: 'Won', owner: 'rep', amount: '700.00', ago: 5 * DAY });
    await deal('W2 older win', { stage: 'Won', owner: 'rep', amount: '800.00', ago: 40 * DAY });
    await deal('L1 recent loss', { stage: 'Lost', owner: 'head', amount: '100.00', ago: 1 * DAY });
    // For paging: five in one stage, two of them entered at the same instant (the id breaks the tie).
    for (const [index, ago] of [1, 2, 2, 3, 4].entries()) {
      await deal(`N${index + 1} paged`, { stage: 'Needs analysis', owner: 'rep', amount: `${index + 1}.00`, ago: ago * MINUTE });
    }
  });
  afterAll(() => t.close());

  it('shows every stage in order with counts, per-currency sums and the newest cards first', async () => {
    const answer = await board('admin');
    expect(answer.pipeline).toEqual({ id: sales, name: 'Sales' });
    expect(answer.stages.map((stage) => [stage.name, stage.kind, stage.probability, stage.position, stage.color])).toEqual([
      ['Qualification', 'open', 10, 0, '#64748b'],
      ['Needs analysis', 'open', 25, 1, '#0ea5e9'],
      ['Proposal', 'open', 50, 2, '#8b5cf6'],
      ['Negotiation', 'open', 75, 3, '#f59e0b'],
      ['Won', 'won', 100, 4, '#16a34a'],
      ['Lost', 'lost', 0, 5, '#dc2626'],
    ]);
    expect(answer.stages.map((stage) => [stage.name, stage.count, stage.sums])).toEqual([
      ['Qualification', 4, [{ currency: 'EUR', amount: '3500.75' }, { currency: 'JPY', amount: '1500' }]],
      ['Needs analysis', 5, [{ currency: 'EUR', amount: '15.00' }]],
      ['Proposal', 1, [{ currency: 'USD', amount: '300.00' }]],
      ['Negotiation', 0, []],
      ['Won', 1, [{ currency: 'EUR', amount: '700.00' }]],
      ['Lost', 1, [{ currency: 'EUR', amount: '100.00' }]],
    ]);
    const qualification = answer.stages[0]!;
    // Old open deals stay on the board; trashed ones do not.
    expect(titles(qualification)).toEqual(['Q1 fleet renewal', 'Q2 printers', 'Q3 south yen', 'Q4 old but open']);
    expect(qualification.nextCursor).toBeNull();
    expect(answer.stages[3]).toMatchObject({ count: 0, sums: [], items: [], nextCursor: null });
  });

  it('answers each card as the card shows it, with the main contact and exact amounts', async () => {
    const qualification = await column('admin', 'Qualification');
    expect(qualification.items[0]).toEqual({
      id: ids['Q1 fleet renewal'],
      title: 'Q1 fleet renewal',
      amount: '1000.50',
      currency: 'EUR',
      status: 'open',
      stageId: stages.Qualification,
      stageEnteredAt: enteredAt['Q1 fleet renewal'],
      expectedCloseDate: '2031-03-15',
      version: 1,
      ownerId: t.users.rep.id,
      ownerName: 'Test rep',
      company: { id: ids.boardCo, name: 'Board Co' },
      contact: { id: ids.main, fullName: 'Main Person' },
      tags: ['hot'],
      nextTaskDueAt: null,
      overdue: false,
      withoutTask: true,
    });
    expect(qualification.items[2]).toMatchObject({ amount: '1500', currency: 'JPY', company: { name: 'South Co' }, contact: { fullName: 'South Person' } });
    expect(qualification.items[1]).toMatchObject({ company: null, contact: null, expectedCloseDate: null, ownerName: 'Test rep2' });
  });

  it('shows won and lost deals of the last closedWithinDays days only', async () => {
    expect(titles(await column('admin', 'Won'))).toEqual(['W1 recent win']);
    const wider = await column('admin', 'Won', '?closedWithinDays=60');
    expect([wider.count, wider.sums, titles(wider)]).toEqual([2, [{ currency: 'EUR', amount: '1500.00' }], ['W1 recent win', 'W2 older win']]);
    expect((await column('admin', 'Won', '?closedWithinDays=1')).count).toBe(0);
    expect((await column('admin', 'Qualification', '?closedWithinDays=1')).count).toBe(4);
  });

  it("counts, sums and shows only the deals within the actor's read level, and names only what the actor may read", async () => {
    const rep = await board('rep');
    expect(rep.stages.map((stage) => [stage.name, stage.count, stage.sums.map((sum) => `${sum.amount} ${sum.currency}`)])).toEqual([
      ['Qualification', 2, ['1500.50 EUR']],
      ['Needs analysis', 5, ['15.00 EUR']],
      ['Proposal', 1, ['300.00 USD']],
      ['Negotiation', 0, []],
      ['Won', 1, ['700.00 EUR']],
      ['Lost', 0, []],
    ]);
    expect(titles(rep.stages[0]!)).toEqual(['Q1 fleet renewal', 'Q4 old but open']);
    // The rep's deal is at a company and with a contact of team South: the card does not name them.
    expect(rep.stages[2]!.items[0]).toMatchObject({ title: 'P1 dollars', company: null, contact: null });
    expect((await column('admin', 'Proposal')).items[0]).toMatchObject({ company: { id: ids.southCo, name: 'South Co' }, contact: { id: ids.southPerson } });

    const head = await board('head');
    expect(head.stages.map((stage) => stage.count)).toEqual([3, 5, 1, 0, 1, 1]);
    expect(head.stages[0]!.sums).toEqual([{ currency: 'EUR', amount: '3500.75' }]);
    expect((await board('repSouth')).stages.map((stage) => stage.count)).toEqual([1, 0, 0, 0, 0, 0]);
    expect((await board('headSouth')).stages[0]!.sums).toEqual([{ currency: 'JPY', amount: '1500' }]);
    // Operators read their own deals only (none here); analysts read all.
    expect((await board('operator')).stages.every((stage) => stage.count === 0 && stage.items.length === 0)).toBe(true);
    expect((await board('analyst')).stages.map((stage) => stage.count)).toEqual([4, 5, 1, 0, 1, 1]);
  });

  it('filters by owner, team, tag and title, counts and sums included', async () => {
    const only = async (query: string) => {
      const stage = await column('admin', 'Qualification', query);
      return [stage.count, titles(stage)];
    };
    expect(await only(`?ownerId=${t.users.rep2.id}`)).toEqual([1, ['Q2 printers']]);
    expect(await only(`?ownerId=${t.users.rep2.id}&ownerId=${t.users.repSouth.id}`)).toEqual([2, ['Q2 printers', 'Q3 south yen']]);
    expect(await only(`?teamId=${t.teams.South}`)).toEqual([1, ['Q3 south yen']]);
    expect(await only('?tag=HOT')).toEqual([1, ['Q1 fleet renewal']]);
    expect(await only('?q=yen')).toEqual([1, ['Q3 south yen']]);
    expect(await only('?q=%25')).toEqual([0, []]);
    const filtered = await board('admin', '?q=paged&perStage=1');
    expect(filtered.stages.map((stage) => stage.count)).toEqual([0, 5, 0, 0, 0, 0]);
  });

  it('pages through a stage from its nextCursor without gaps or repeats, with the same filters', async () => {
    const all = titles(await column('rep', 'Needs analysis'));
    expect(all).toHaveLength(5);
    expect(all[0]).toBe('N1 paged');
    const first = await column('rep', 'Needs analysis', '?perStage=2');
    expect(titles(first)).toEqual(all.slice(0, 2));
    expect(first.count).toBe(5);
    const seen = titles(first);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await stagePage('rep', stages['Needs analysis'], `?perStage=2&cursor=${cursor}`).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((card: Card) => card.title));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(all);

    // Without a cursor it is the stage's first page; filters narrow it like the board.
    const filtered = await stagePage('admin', stages.Qualification, `?ownerId=${t.users.rep.id}&perStage=1`).expect(200);
    expect(filtered.body.items.map((card: Card) => card.title)).toEqual(['Q1 fleet renewal']);
    const next = await stagePage('admin', stages.Qualification, `?ownerId=${t.users.rep.id}&perStage=1&cursor=${filtered.body.nextCursor}`).expect(200);
    expect(next.body).toMatchObject({ items: [{ title: 'Q4 old but open' }], nextCursor: null });
    expect((await stagePage('admin', stages.Negotiation, '').expect(200)).body).toEqual({ items: [], nextCursor: null });
    // A rep pages through their own deals only.
    expect((await stagePage('rep2', stages['Needs analysis'], '').expect(200)).body.items).toEqual([]);
  });

  it('refuses cursors that are malformed or belong to another stage', async () => {
    const { nextCursor } = await column('rep', 'Needs analysis', '?perStage=1');
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'garbage',
      nextCursor,
      encode([`board:${stages.Qualification}`, ['yesterday', ids['Q1 fleet renewal']]]),
      encode([`board:${stages.Qualification}`, [enteredAt['Q1 fleet renewal'], 'not-a-uuid']]),
    ]) {
      const refused = await stagePage('rep', stages.Qualification, `?cursor=${cursor}`).expect(400);
      expect([cursor, refused.body.code]).toEqual([cursor, 'invalid_cursor']);
    }
  });

  it('answers 404 for an unknown pipeline or a stage of another pipeline, and 400 for bad input', async () => {
    const missing = await t.http.get('/api/v1/pipelines/00000000-0000-4000-8000-000000000000/board').set(as('admin')).expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body.code).toBe('record_not_found');
    await stagePage('admin', otherPipelineStage, '').expect(404);
    await stagePage('admin', '00000000-0000-4000-8000-000000000000', '').expect(404);
    const field = async (path: string) => (await t.http.get(path).set(as('admin')).expect(400)).body.errors[0].field;
    expect(await field('/api/v1/pipelines/not-a-uuid/board')).toBe('id');
    expect(await field(`/api/v1/pipelines/${sales}/board/stages/not-a-uuid`)).toBe('stageId');
    expect(await field(`/api/v1/pipelines/${sales}/board?perStage=0`)).toBe('perStage');
    expect(await field(`/api/v1/pipelines/${sales}/board?perStage=51`)).toBe('perStage');
    expect(await field(`/api/v1/pipelines/${sales}/board?closedWithinDays=0`)).toBe('closedWithinDays');
    expect(await field(`/api/v1/pipelines/${sales}/board?ownerId=me`)).toBe('ownerId');
    expect(await field(`/api/v1/pipelines/${sales}/board?sort=title`)).toBe('sort');
    await t.http.get(`/api/v1/pipelines/${sales}/board`).expect(401);
    expect((await board('admin', '?perStage=50')).stages[1]!.items).toHaveLength(5);
  });
});

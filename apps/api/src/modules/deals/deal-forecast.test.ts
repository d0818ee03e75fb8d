import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Figures {
  month?: string;
  currency: string;
  count: number;
  amount: string;
  weightedAmount: string;
  ownerId?: string | null;
  ownerName?: string | null;
  teamId?: string | null;
  teamName?: string | null;
}

interface Forecast {
  from: string;
  to: string;
  groupBy: string;
  rows: Figures[];
  totals: Figures[];
  undated: Figures[];
}

type StageName = 'Qualification' | 'Proposal' | 'Negotiation' | 'Won' | 'Lost';

/** A row as `month who: count × amount (weighted)`, to compare whole answers at a glance. */
const line = (row: Figures) =>
  `${row.month ?? 'undated'} ${row.ownerName ?? row.teamName ?? ''}: ${row.count} × ${row.amount} ${row.currency} (${row.weightedAmount})`.replace(' :', ':');

describe('deal forecast', () => {
  let t: TestApp;
  let sales: string;
  let stages: Record<StageName, string>;
  let otherStage: string;

  const forecast = async (user: FixtureUser, query = ''): Promise<Forecast> =>
    (await t.http.get(`/api/v1/deals/forecast${query}`).set('authorization', t.auth(user)).expect(200)).body;
  const inRange = (extra = '') => `?pipelineId=${sales}&from=2031-01&to=2031-02${extra}`;

  async function deal(owner: FixtureUser, stage: StageName | 'other', amount: string, currency: string, expected: string | null, deleted = false) {
    await t.query(
      `INSERT INTO deals (title, pipeline_id, stage_id, status, amount, currency, expected_close_date, owner_id, deleted_at)
       SELECT 'Forecast deal', s.pipeline_id, s.id, s.kind, $2, $3, $4, $5, CASE WHEN $6 THEN now() END FROM pipeline_stages s WHERE s.id = $1`,
      [stage === 'other' ? otherStage : stages[stage], amount, currency, expected, t.users[owner].id, deleted],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    const rows = await t.query<{ id: string; name: StageName; pipeline_id: string }>(
      `SELECT s.id, s.name, s.pipeline_id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Sales'`,
    );
    sales = rows[0]!.pipeline_id;
    stages = Object.fromEntries(rows.map((row) => [row.name, row.id])) as Record<StageName, string>;
    const [other] = await t.query<{ id: string }>(
      `WITH p AS (INSERT INTO pipelines (name, position) VALUES ('Forecast other', 3) RETURNING id)
       INSERT INTO pipeline_stages (pipeline_id, name, position, probability, kind) SELECT id, 'Likely', 0, 90, 'open' FROM p RETURNING id`,
    );
    otherStage = other!.id;

    // Probabilities: Qualification 10, Proposal 50, Negotiation 75 (the migration's Sales pipeline).
    // rep, 2031-01 EUR: 1000.00×10% + 333.33×50% + 0.01×75% = 100 + 166.665 + 0.0075 = 266.6725 → 266.67 (rounding each
    // deal first would give 266.68).
    await deal('rep', 'Qualification', '1000.00', 'EUR', '2031-01-15');
    await deal('rep', 'Proposal', '333.33', 'EUR', '2031-01-20');
    await deal('rep', 'Negotiation', '0.01', 'EUR', '2031-01-31');
    // 999 JPY × 75% = 749.25 → 749 (no minor unit).
    await deal('rep', 'Negotiation', '999', 'JPY', '2031-02-01');
    await deal('rep', 'Proposal', '10.00', 'EUR', null);
    await deal('rep2', 'Proposal', '200.50', 'EUR', '2031-02-28');
    await deal('rep2', 'Qualification', '100.00', 'USD', '2031-01-01');
    // 50.05 × 50% = 25.025 → 25.03: half-up.
    await deal('repSouth', 'Proposal', '50.05', 'EUR', '2031-01-10');
    await deal('repSouth', 'Negotiation', '1.00', 'EUR', '2031-02-15');
    await deal('repSouth', 'Proposal', '3.33', 'EUR', null);
    // None of these count: closed, trashed, or outside the months asked for.
    await deal('rep', 'Won', '5000.00', 'EUR', '2031-01-05');
    await deal('rep', 'Lost', '6000.00', 'EUR', '2031-01-06');
    await deal('rep', 'Proposal', '7000.00', 'EUR', '2031-01-07', true);
    await deal('rep', 'Proposal', '8000.00', 'EUR', '2031-03-01');
    await deal('rep', 'Proposal', '9000.00', 'EUR', '2030-12-31');
    // Another pipeline's, counted only without pipelineId.
    await deal('rep2', 'other', '100.00', 'EUR', '2031-02-10');
  });
  afterAll(() => t.close());

  it('sums open deals per month, owner and currency, weighting by stage probability with one half-up rounding per row', async () => {
    const answer = await forecast('admin', inRange());
    expect([answer.from, answer.to, answer.groupBy]).toEqual(['2031-01', '2031-02', 'owner']);
    expect(answer.rows.map(line)).toEqual([
      '2031-01 Test rep: 3 × 1333.34 EUR (266.67)',
      '2031-01 Test rep2: 1 × 100.00 USD (10.00)',
      '2031-01 Test repSouth: 1 × 50.05 EUR (25.03)',
      '2031-02 Test rep: 1 × 999 JPY (749)',
      '2031-02 Test rep2: 1 × 200.50 EUR (100.25)',
      '2031-02 Test repSouth: 1 × 1.00 EUR (0.75)',
    ]);
    expect(answer.rows[0]).toEqual({
      month: '2031-01',
      ownerId: t.users.rep.id,
      ownerName: 'Test rep',
      currency: 'EUR',
      count: 3,
      amount: '1333.34',
      weightedAmount: '266.67',
    });
    // Totals round the exact sum once: 266.6725 + 25.025 = 291.6975 → 291.70.
    expect(answer.totals.map(line)).toEqual([
      '2031-01: 4 × 1383.39 EUR (291.70)',
      '2031-01: 1 × 100.00 USD (10.00)',
      '2031-02: 2 × 201.50 EUR (101.00)',
      '2031-02: 1 × 999 JPY (749)',
    ]);
    // 10.00 × 50% + 3.33 × 50% = 6.665 → 6.67.
    expect(answer.undated.map(line)).toEqual(['undated: 2 × 13.33 EUR (6.67)']);
  });

  it('groups by team or not at all', async () => {
    const byTeam = await forecast('admin', inRange('&groupBy=team'));
    expect(byTeam.rows.map(line)).toEqual([
      '2031-01 North: 3 × 1333.34 EUR (266.67)',
      '2031-01 North: 1 × 100.00 USD (10.00)',
      '2031-01 South: 1 × 50.05 EUR (25.03)',
      '2031-02 North: 1 × 200.50 EUR (100.25)',
      '2031-02 North: 1 × 999 JPY (749)',
      '2031-02 South: 1 × 1.00 EUR (0.75)',
    ]);
    expect(byTeam.rows[0]).toEqual({ month: '2031-01', teamId: t.teams.North, teamName: 'North', currency: 'EUR', count: 3, amount: '1333.34', weightedAmount: '266.67' });
    const flat = await forecast('admin', inRange('&groupBy=none'));
    expect(flat.rows).toEqual(flat.totals);
    expect(Object.keys(flat.rows[0]!).sort()).toEqual(['amount', 'count', 'currency', 'month', 'weightedAmount']);
  });

  it('shows a rep their own deals and a head their team', async () => {
    const rep = await forecast('rep', inRange());
    expect(rep.rows.map(line)).toEqual(['2031-01 Test rep: 3 × 1333.34 EUR (266.67)', '2031-02 Test rep: 1 × 999 JPY (749)']);
    expect(rep.totals.map(line)).toEqual(['2031-01: 3 × 1333.34 EUR (266.67)', '2031-02: 1 × 999 JPY (749)']);
    expect(rep.undated.map(line)).toEqual(['undated: 1 × 10.00 EUR (5.00)']);

    const head = await forecast('head', inRange());
    expect(head.rows.map((row) => row.ownerName)).toEqual(['Test rep', 'Test rep2', 'Test rep', 'Test rep2']);
    expect(head.totals.map(line)).toEqual([
      '2031-01: 3 × 1333.34 EUR (266.67)',
      '2031-01: 1 × 100.00 USD (10.00)',
      '2031-02: 1 × 200.50 EUR (100.25)',
      '2031-02: 1 × 999 JPY (749)',
    ]);
    const south = await forecast('headSouth', inRange());
    expect(south.rows.map(line)).toEqual(['2031-01 Test repSouth: 1 × 50.05 EUR (25.03)', '2031-02 Test repSouth: 1 × 1.00 EUR (0.75)']);
    expect(south.undated.map(line)).toEqual(['undated: 1 × 3.33 EUR (1.67)']);
  });

  it('filters by owner, team and pipeline', async () => {
    expect((await forecast('admin', inRange(`&ownerId=${t.users.rep2.id}`))).rows.map(line)).toEqual([
      '2031-01 Test rep2: 1 × 100.00 USD (10.00)',
      '2031-02 Test rep2: 1 × 200.50 EUR (100.25)',
    ]);
    expect((await forecast('admin', inRange(`&teamId=${t.teams.South}&groupBy=team`))).rows.map(line)).toEqual([
      '2031-01 South: 1 × 50.05 EUR (25.03)',
      '2031-02 South: 1 × 1.00 EUR (0.75)',
    ]);
    // Every pipeline: the other pipeline's 100.00 EUR at 90 % joins rep2's February.
    const all = await forecast('admin', '?from=2031-02&to=2031-02');
    expect(all.rows.find((row) => row.ownerName === 'Test rep2')).toMatchObject({ count: 2, amount: '300.50', weightedAmount: '190.25' });
    // A head's filter on someone outside the team finds nothing.
    expect((await forecast('head', inRange(`&ownerId=${t.users.repSouth.id}`))).rows).toEqual([]);
  });

  it('covers this month and the next five by default', async () => {
    const now = new Date();
    const month = (offset: number) => {
      const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      return date.toISOString().slice(0, 7);
    };
    const answer = await forecast('rep');
    expect([answer.from, answer.to, answer.rows]).toEqual([month(0), month(5), []]);
    expect((await forecast('rep', '?from=2031-02')).to).toBe('2031-07');
  });

  it('is reached at /deals/forecast (not taken for a deal id) and refuses bad ranges with field errors', async () => {
    const refused = async (query: string) => {
      const response = await t.http.get(`/api/v1/deals/forecast${query}`).set('authorization', t.auth('admin')).expect(400);
      return response.body.errors.map((error: { field: string }) => error.field);
    };
    expect(await refused('?from=2031-13')).toEqual(['from']);
    expect(await refused('?from=2031-1')).toEqual(['from']);
    expect(await refused('?to=31-01')).toEqual(['to']);
    expect(await refused('?from=2031-02&to=2031-01')).toEqual(['to']);
    expect(await refused('?from=2031-01&to=2034-01')).toEqual(['to']);
    expect(await refused('?groupBy=stage')).toEqual(['groupBy']);
    expect(await refused('?pipelineId=sales')).toEqual(['pipelineId']);
    expect(await refused('?ownerId=me')).toEqual(['ownerId']);
    expect(await refused('?currency=EUR')).toEqual(['currency']);
    await forecast('admin', '?from=2031-01&to=2033-12');
    await t.http.get('/api/v1/deals/forecast').expect(401);
  });
});

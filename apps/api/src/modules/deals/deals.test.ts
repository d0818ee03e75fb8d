import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Deal {
  id: string;
  title: string;
  ownerId: string;
  pipelineId: string;
  stageId: string;
  status: string;
  amount: string;
  currency: string;
  version: number;
  wonAt: string | null;
  lostAt: string | null;
  lostReasonId: string | null;
  [field: string]: unknown;
}

type Stages = Record<'qualification' | 'analysis' | 'proposal' | 'won' | 'lost', string>;

describe('deals', () => {
  let t: TestApp;
  let sales: string;
  let stages: Stages;
  let renewals: { pipeline: string; open: string; won: string };
  let reasons: { active: string; inactive: string };

  const create = (as: FixtureUser, body: Record<string, unknown>) => t.http.post('/api/v1/deals').set('authorization', t.auth(as)).send(body);
  const get = (as: FixtureUser, id: string) => t.http.get(`/api/v1/deals/${id}`).set('authorization', t.auth(as));
  const patch = (as: FixtureUser, id: string, body: Record<string, unknown>) => t.http.patch(`/api/v1/deals/${id}`).set('authorization', t.auth(as)).send(body);
  const move = (as: FixtureUser, id: string, body: Record<string, unknown>) => t.http.post(`/api/v1/deals/${id}/stage`).set('authorization', t.auth(as)).send(body);
  const replaceLines = (as: FixtureUser, id: string, body: Record<string, unknown>) =>
    t.http.put(`/api/v1/deals/${id}/line-items`).set('authorization', t.auth(as)).send(body);
  const list = async (as: FixtureUser, query = '') =>
    (await t.http.get(`/api/v1/deals?limit=200&${query}`).set('authorization', t.auth(as)).expect(200)).body.items as Deal[];
  const titles = (deals: Deal[]) => deals.map((deal) => deal.title).sort();
  const history = (id: string) =>
    t.query<{ event: string; from_stage_id: string | null; to_stage_id: string; changed_by_id: string | null; seconds: number | null }>(
      `SELECT event, from_stage_id, to_stage_id, changed_by_id, extract(epoch FROM changed_at - from_entered_at)::int AS seconds
         FROM deal_stage_history WHERE deal_id = $1 ORDER BY changed_at, id`,
      [id],
    );
  const fieldErrors = (body: { errors?: { field: string; codes?: string[] }[] }) =>
    Object.fromEntries((body.errors ?? []).map((error) => [error.field, error.codes?.[0]]));
  const dealCount = async () => Number((await t.query<{ n: string }>('SELECT count(*) AS n FROM deals'))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp();
    const rows = await t.query<{ id: string; name: string; pipeline_id: string }>(
      `SELECT s.id, s.name, s.pipeline_id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Sales'`,
    );
    const byName = (name: string) => rows.find((row) => row.name === name)!.id;
    sales = rows[0]!.pipeline_id;
    stages = { qualification: byName('Qualification'), analysis: byName('Needs analysis'), proposal: byName('Proposal'), won: byName('Won'), lost: byName('Lost') };
    const [pipeline] = await t.query<{ id: string }>(`INSERT INTO pipelines (name, position) VALUES ('Renewals', 5) RETURNING id`);
    const renewalStages = await t.query<{ id: string; kind: string }>(
      `INSERT INTO pipeline_stages (pipeline_id, name, position, probability, kind) VALUES ($1, 'Due', 0, 50, 'open'), ($1, 'Renewed', 1, 100, 'won') RETURNING id, kind`,
      [pipeline!.id],
    );
    renewals = {
      pipeline: pipeline!.id,
      open: renewalStages.find((stage) => stage.kind === 'open')!.id,
      won: renewalStages.find((stage) => stage.kind === 'won')!.id,
    };
    const [active] = await t.query<{ id: string }>(`SELECT id FROM lost_reasons WHERE name = 'Price too high'`);
    const [inactive] = await t.query<{ id: string }>(`INSERT INTO lost_reasons (name, position, active) VALUES ('Retired reason', 9, false) RETURNING id`);
    reasons = { active: active!.id, inactive: inactive!.id };
    // Booting the app takes a few seconds on a busy machine.
  }, 30_000);
  afterAll(() => t.close());

  describe('create', () => {
    it('starts in the first open stage of the first pipeline, in the default currency, with a history row', async () => {
      const response = await create('rep', { title: 'Defaults' }).expect(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toMatchObject({
        title: 'Defaults',
        pipelineId: sales,
        stageId: stages.qualification,
        status: 'open',
        amount: '0.00',
        currency: 'EUR',
        ownerId: t.users.rep.id,
        company: null,
        contacts: [],
        lineItems: [],
        timeInStages: [{ stageId: stages.qualification, seconds: 0 }],
        version: 1,
      });
      expect(await history(response.body.id)).toEqual([
        { event: 'created', from_stage_id: null, to_stage_id: stages.qualification, changed_by_id: t.users.rep.id, seconds: null },
      ]);
      const [audit] = await t.query<{ action: string; changes: Record<string, { to: unknown }> }>(`SELECT action, changes FROM audit_log WHERE entity = 'deal' AND entity_id = $1`, [
        response.body.id,
      ]);
      expect(audit).toMatchObject({ action: 'create', changes: { title: { to: 'Defaults' }, stageId: { to: stages.qualification } } });
    });

    it('inherits lead source and UTM from the main contact, field by field, and links company and contacts', async () => {
      const company = (await t.http.post('/api/v1/companies').set('authorization', t.auth('rep')).send({ name: 'Inherit Co' }).expect(201)).body;
      const main = (
        await t.http
          .post('/api/v1/contacts')
          .set('authorization', t.auth('rep'))
          .send({ firstName: 'Main', lastName: 'Contact', leadSource: 'Fair', utmSource: 'google', utmMedium: 'cpc', utmCampaign: 'spring' })
          .expect(201)
      ).body;
      const second = (await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep')).send({ lastName: 'Second', leadSource: 'Other' }).expect(201)).body;
      const deal = (
        await create('rep', { title: 'Inherited', companyId: company.id, contactIds: [main.id, second.id], utmCampaign: 'own campaign', utmTerm: null }).expect(201)
      ).body;
      expect(deal).toMatchObject({
        leadSource: 'Fair',
        utmSource: 'google',
        utmMedium: 'cpc',
        utmCampaign: 'own campaign',
        utmTerm: null,
        utmContent: null,
        company: { id: company.id, name: 'Inherit Co' },
        contacts: [
          { id: main.id, fullName: 'Main Contact' },
          { id: second.id, fullName: 'Second' },
        ],
      });
      expect((await get('rep', deal.id).expect(200)).body.contacts.map((contact: { id: string }) => contact.id)).toEqual([main.id, second.id]);
      expect(titles(await list('rep', `contactId=${second.id}`))).toEqual(['Inherited']);
      expect(titles(await list('rep', `companyId=${company.id}`))).toEqual(['Inherited']);
    });

    it('refuses contacts and companies the creator cannot read, and writes nothing', async () => {
      const foreign = (await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep2')).send({ lastName: 'Foreign' }).expect(201)).body;
      const foreignCompany = (await t.http.post('/api/v1/companies').set('authorization', t.auth('rep2')).send({ name: 'Foreign Co' }).expect(201)).body;
      const mine = (await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep')).send({ lastName: 'Mine' }).expect(201)).body;
      const before = await dealCount();
      const refused = await create('rep', { title: 'Foreign contact', contactIds: [mine.id, foreign.id] }).expect(400);
      expect(refused.body.code).toBe('reference_not_found');
      expect(fieldErrors(refused.body)).toEqual({ 'contactIds[1]': 'referenceNotFound' });
      expect(fieldErrors((await create('rep', { title: 'Foreign company', companyId: foreignCompany.id }).expect(400)).body)).toEqual({ companyId: 'referenceNotFound' });
      expect(await dealCount()).toBe(before);
    });

    it('validates every field and writes nothing on bad input', async () => {
      const before = await dealCount();
      const invalid = await create('rep', {
        title: '',
        currency: 'EURO',
        amount: '-5',
        expectedCloseDate: '2026-02-30',
        contactIds: ['x'],
        lineItems: [{ quantity: '0', price: '1.123456' }],
        stage: 'won',
      }).expect(400);
      expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(invalid.body.code).toBe('validation_failed');
      expect(Object.keys(fieldErrors(invalid.body)).sort()).toEqual(
        ['amount', 'contactIds', 'currency', 'expectedCloseDate', 'lineItems[0].price', 'lineItems[0].quantity', 'stage', 'title'].sort(),
      );
      const decimals = await create('rep', { title: 'Too precise', amount: '10.123', currency: 'EUR' }).expect(400);
      expect([decimals.body.code, fieldErrors(decimals.body)]).toEqual(['amount_not_in_currency', { amount: 'amountNotInCurrency' }]);
      await create('rep', { title: 'Half yen', amount: '10.5', currency: 'JPY' }).expect(400);
      await create('rep', { title: 'Unknown currency', currency: 'XYZ' }).expect(400);
      const unknownStage = await create('rep', { title: 'Nowhere', stageId: '00000000-0000-4000-8000-000000000000' }).expect(400);
      expect([unknownStage.body.code, fieldErrors(unknownStage.body)]).toEqual(['reference_not_found', { stageId: 'referenceNotFound' }]);
      const otherPipeline = await create('rep', { title: 'Mismatch', pipelineId: renewals.pipeline, stageId: stages.proposal }).expect(400);
      expect(otherPipeline.body.code).toBe('stage_not_in_pipeline');
      const both = await create('rep', { title: 'Both', amount: '5', lineItems: [{ name: 'x', quantity: '1', price: '1' }] }).expect(409);
      expect(both.body.code).toBe('amount_from_line_items');
      expect(await dealCount()).toBe(before);
      expect((await create('rep', { title: 'Yen', amount: '1500', currency: 'JPY' }).expect(201)).body.amount).toBe('1500');
    });

    it('starts in the given pipeline, and straight in a won or lost stage with its timestamps', async () => {
      const renewal = (await create('rep', { title: 'Renewal', pipelineId: renewals.pipeline }).expect(201)).body;
      expect([renewal.pipelineId, renewal.stageId]).toEqual([renewals.pipeline, renewals.open]);
      const won = (await create('rep', { title: 'Born won', stageId: stages.won }).expect(201)).body;
      expect([won.status, won.pipelineId, typeof won.wonAt, won.lostAt]).toEqual(['won', sales, 'string', null]);
      const noReason = await create('rep', { title: 'Born lost', stageId: stages.lost }).expect(400);
      expect(noReason.body.code).toBe('lost_reason_required');
      const lost = (await create('rep', { title: 'Born lost', stageId: stages.lost, lostReasonId: reasons.active, lostComment: 'never had a chance' }).expect(201)).body;
      expect(lost).toMatchObject({ status: 'lost', lostReasonId: reasons.active, lostComment: 'never had a chance', wonAt: null });
      expect(lost.lostAt).toEqual(expect.any(String));
    });
  });

  describe('stage moves', () => {
    it('records moves with from, to, time spent, user and event, and sums the time per stage', async () => {
      const deal = (await create('rep', { title: 'Mover' }).expect(201)).body as Deal;
      await t.query(`UPDATE deals SET stage_entered_at = now() - interval '1 hour' WHERE id = $1`, [deal.id]);
      const moved = (await move('rep', deal.id, { stageId: stages.analysis, version: 1 }).expect(200)).body as Deal;
      expect(moved).toMatchObject({ stageId: stages.analysis, status: 'open', version: 2 });
      expect(Date.now() - Date.parse(moved.stageEnteredAt as string)).toBeLessThan(60_000);
      await t.query(`UPDATE deals SET stage_entered_at = now() - interval '30 minutes' WHERE id = $1`, [deal.id]);
      // The seconds come from the stored entry time, so the history is patched alongside for the next leg.
      await move('rep', deal.id, { stageId: stages.qualification, version: 2 }).expect(200);
      expect(await history(deal.id)).toEqual([
        { event: 'created', from_stage_id: null, to_stage_id: stages.qualification, changed_by_id: t.users.rep.id, seconds: null },
        { event: 'moved', from_stage_id: stages.qualification, to_stage_id: stages.analysis, changed_by_id: t.users.rep.id, seconds: 3600 },
        { event: 'moved', from_stage_id: stages.analysis, to_stage_id: stages.qualification, changed_by_id: t.users.rep.id, seconds: 1800 },
      ]);
      const detail = (await get('rep', deal.id).expect(200)).body;
      // Qualification: an hour before the first move, and the current stay (a moment); analysis: half an hour.
      expect(detail.timeInStages).toEqual([
        { stageId: stages.qualification, seconds: expect.any(Number) },
        { stageId: stages.analysis, seconds: 1800 },
      ]);
      expect(detail.timeInStages[0].seconds).toBeGreaterThanOrEqual(3600);
      expect(detail.timeInStages[0].seconds).toBeLessThan(3660);

      const page = (await t.http.get(`/api/v1/deals/${deal.id}/stage-history?limit=2`).set('authorization', t.auth('rep')).expect(200)).body;
      expect(page.items).toEqual([
        expect.objectContaining({
          event: 'moved',
          fromStage: { id: stages.analysis, name: 'Needs analysis' },
          toStage: { id: stages.qualification, name: 'Qualification' },
          changedBy: { id: t.users.rep.id, name: 'Test rep' },
          secondsInFromStage: 1800,
        }),
        expect.objectContaining({ event: 'moved', fromStage: { id: stages.qualification, name: 'Qualification' }, secondsInFromStage: 3600 }),
      ]);
      const rest = (await t.http.get(`/api/v1/deals/${deal.id}/stage-history?limit=2&cursor=${page.nextCursor}`).set('authorization', t.auth('rep')).expect(200)).body;
      expect(rest.items).toEqual([expect.objectContaining({ event: 'created', fromStage: null, secondsInFromStage: null })]);
      expect(rest.nextCursor).toBeNull();
    });

    it('requires an active lost reason to lose a deal, and writes nothing without one', async () => {
      const deal = (await create('rep', { title: 'Loser' }).expect(201)).body as Deal;
      const missing = await move('rep', deal.id, { stageId: stages.lost, version: 1 }).expect(400);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect([missing.body.code, fieldErrors(missing.body)]).toEqual(['lost_reason_required', { lostReasonId: 'lostReasonRequired' }]);
      const inactive = await move('rep', deal.id, { stageId: stages.lost, version: 1, lostReasonId: reasons.inactive }).expect(400);
      expect([inactive.body.code, fieldErrors(inactive.body)]).toEqual(['lost_reason_inactive', { lostReasonId: 'lostReasonInactive' }]);
      const unknown = await move('rep', deal.id, { stageId: stages.lost, version: 1, lostReasonId: '00000000-0000-4000-8000-000000000000' }).expect(400);
      expect(unknown.body.code).toBe('lost_reason_inactive');
      const [row] = await t.query<{ status: string; version: number }>('SELECT status, version FROM deals WHERE id = $1', [deal.id]);
      expect(row).toEqual({ status: 'open', version: 1 });
      expect(await history(deal.id)).toHaveLength(1);
      expect(await t.query(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'update'`, [deal.id])).toHaveLength(0);
    });

    it('sets and clears won and lost timestamps, recording a reopening', async () => {
      const deal = (await create('rep', { title: 'Round trip' }).expect(201)).body as Deal;
      const lost = (await move('rep', deal.id, { stageId: stages.lost, version: 1, lostReasonId: reasons.active, lostComment: 'too dear' }).expect(200)).body as Deal;
      expect(lost).toMatchObject({ status: 'lost', lostReasonId: reasons.active, lostComment: 'too dear', wonAt: null, version: 2 });
      expect(lost.lostAt).toEqual(expect.any(String));

      const reopened = (await move('rep', deal.id, { stageId: stages.proposal, version: 2 }).expect(200)).body as Deal;
      expect(reopened).toMatchObject({ status: 'open', lostAt: null, lostReasonId: null, lostComment: null, wonAt: null });

      const won = (await move('rep', deal.id, { stageId: stages.won, version: 3, lostReasonId: reasons.active }).expect(200)).body as Deal;
      expect(won).toMatchObject({ status: 'won', lostAt: null, lostReasonId: null });
      expect(won.wonAt).toEqual(expect.any(String));

      const lostAfterWin = (await move('rep', deal.id, { stageId: stages.lost, version: 4, lostReasonId: reasons.active }).expect(200)).body as Deal;
      expect(lostAfterWin).toMatchObject({ status: 'lost', wonAt: null });
      const backAgain = (await move('rep', deal.id, { stageId: stages.analysis, version: 5 }).expect(200)).body as Deal;
      expect(backAgain).toMatchObject({ status: 'open', wonAt: null, lostAt: null });

      expect((await history(deal.id)).map((row) => row.event)).toEqual(['created', 'lost', 'reopened', 'won', 'lost', 'reopened']);
      const [audit] = await t.query<{ changes: Record<string, { from: unknown; to: unknown }> }>(
        `SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'update' ORDER BY id LIMIT 1`,
        [deal.id],
      );
      expect(audit!.changes).toMatchObject({ stageId: { from: stages.qualification, to: stages.lost }, status: { from: 'open', to: 'lost' } });
    });

    it('moves a deal to another pipeline', async () => {
      const deal = (await create('rep', { title: 'Switcher' }).expect(201)).body as Deal;
      const moved = (await move('rep', deal.id, { stageId: renewals.won, version: 1 }).expect(200)).body as Deal;
      expect(moved).toMatchObject({ pipelineId: renewals.pipeline, stageId: renewals.won, status: 'won' });
      const [row] = await t.query<{ pipeline_id: string; event: string }>(
        `SELECT pipeline_id, event FROM deal_stage_history WHERE deal_id = $1 AND event <> 'created'`,
        [deal.id],
      );
      expect(row).toEqual({ pipeline_id: renewals.pipeline, event: 'won' });
      expect(titles(await list('rep', `pipelineId=${renewals.pipeline}&q=switcher`))).toEqual(['Switcher']);
    });

    it('answers a move to the current stage with the deal unchanged, and refuses stale versions and unknown stages', async () => {
      const deal = (await create('rep', { title: 'Stayer' }).expect(201)).body as Deal;
      const same = (await move('rep', deal.id, { stageId: stages.qualification, version: 1 }).expect(200)).body as Deal;
      expect(same.version).toBe(1);
      expect(await history(deal.id)).toHaveLength(1);
      const stale = await move('rep', deal.id, { stageId: stages.proposal, version: 7 }).expect(409);
      expect([stale.body.code, stale.body.currentVersion]).toEqual(['version_conflict', 1]);
      const unknown = await move('rep', deal.id, { stageId: '00000000-0000-4000-8000-000000000000', version: 1 }).expect(400);
      expect(fieldErrors(unknown.body)).toEqual({ stageId: 'referenceNotFound' });
      expect(Object.keys(fieldErrors((await move('rep', deal.id, { stageId: stages.proposal }).expect(400)).body))).toEqual(['version']);
      expect((await t.query<{ version: number }>('SELECT version FROM deals WHERE id = $1', [deal.id]))[0]!.version).toBe(1);
    });

    it('names no user in the history of a move made through an API key, but audits the key', async () => {
      const key = (await t.http.post('/api/v1/api-keys').set('authorization', t.auth('admin')).send({ name: 'Mover', roleId: t.roles.admin }).expect(201)).body;
      const deal = (await create('rep', { title: 'Keyed' }).expect(201)).body as Deal;
      await t.http.post(`/api/v1/deals/${deal.id}/stage`).set('x-api-key', key.key).send({ stageId: stages.proposal, version: 1 }).expect(200);
      expect((await history(deal.id)).map((row) => [row.event, row.changed_by_id])).toEqual([
        ['created', t.users.rep.id],
        ['moved', null],
      ]);
      const [audit] = await t.query<{ actor_api_key_id: string }>(`SELECT actor_api_key_id FROM audit_log WHERE entity_id = $1 AND action = 'update'`, [deal.id]);
      expect(audit!.actor_api_key_id).toBe(key.id);
    });

    it('lets exactly one of two concurrent moves of the same version through', async () => {
      for (let round = 0; round < 5; round++) {
        const deal = (await create('rep', { title: `Race ${round}` }).expect(201)).body as Deal;
        const responses = await Promise.all([
          move('rep', deal.id, { stageId: stages.analysis, version: 1 }),
          move('rep', deal.id, { stageId: stages.proposal, version: 1 }),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
        const winner = responses.find((response) => response.status === 200)!.body as Deal;
        const [row] = await t.query<{ version: number; stage_id: string }>('SELECT version, stage_id FROM deals WHERE id = $1', [deal.id]);
        expect(row).toEqual({ version: 2, stage_id: winner.stageId });
        expect((await history(deal.id)).filter((entry) => entry.event === 'moved')).toHaveLength(1);
      }
    });
  });

  describe('line items', () => {
    let product: string;
    let yenProduct: string;

    beforeAll(async () => {
      [{ id: product }] = (await t.query<{ id: string }>(
        `INSERT INTO products (name, unit, price, currency, vat_rate) VALUES ('Widget', 'box', 10.00, 'EUR', 21) RETURNING id`,
      )) as [{ id: string }];
      [{ id: yenProduct }] = (await t.query<{ id: string }>(
        `INSERT INTO products (name, price, currency) VALUES ('Yen widget', 1000, 'JPY') RETURNING id`,
      )) as [{ id: string }];
    });

    it('computes each line to the cent and makes the amount their sum', async () => {
      const deal = (await create('rep', { title: 'Priced', amount: '99.00' }).expect(201)).body as Deal;
      const response = await replaceLines('rep', deal.id, {
        version: 1,
        items: [
          { name: 'Consulting', unit: 'h', quantity: '3', price: '19.99', discountPercent: '7.5', vatRate: '21' },
          { productId: product, quantity: '2.5', discountPercent: '10' },
          { name: 'Sample', quantity: '1', price: '0.05', vatRate: '19' },
        ],
      }).expect(200);
      expect(response.body.lineItems).toEqual([
        expect.objectContaining({ position: 0, name: 'Consulting', unit: 'h', quantity: '3', price: '19.99', discountPercent: '7.5', vatRate: '21', netAmount: '55.47', vatAmount: '11.65', totalAmount: '67.12' }),
        // 2.5 × 10.00 less 10 % = 22.50; 21 % VAT = 4.725 → 4.73.
        expect.objectContaining({ position: 1, productId: product, name: 'Widget', unit: 'box', price: '10.00', vatRate: '21', netAmount: '22.50', vatAmount: '4.73', totalAmount: '27.23' }),
        expect.objectContaining({ position: 2, productId: null, netAmount: '0.05', vatAmount: '0.01', totalAmount: '0.06' }),
      ]);
      expect(response.body).toMatchObject({ amount: '94.41', version: 2 });
      const [row] = await t.query<{ amount: string; sum: string }>(
        'SELECT d.amount, (SELECT sum(total_amount) FROM deal_line_items WHERE deal_id = d.id) AS sum FROM deals d WHERE d.id = $1',
        [deal.id],
      );
      expect(row).toEqual({ amount: '94.4100', sum: '94.4100' });
      const [audit] = await t.query<{ changes: { amount: { from: string; to: string }; lineItems: { to: unknown[] } } }>(
        `SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'update'`,
        [deal.id],
      );
      expect(audit!.changes.amount).toEqual({ from: '99.00', to: '94.41' });
      expect(audit!.changes.lineItems.to).toHaveLength(3);

      // While there are lines, the amount and currency are theirs.
      const refused = await patch('rep', deal.id, { amount: '100.00', version: 2 }).expect(409);
      expect(refused.body.code).toBe('amount_from_line_items');
      expect((await patch('rep', deal.id, { currency: 'USD', version: 2 }).expect(409)).body.code).toBe('currency_locked_by_line_items');
      expect((await get('rep', deal.id).expect(200)).body.lineItems).toHaveLength(3);

      // An empty list removes them, keeps the amount they made, and frees it.
      const emptied = (await replaceLines('rep', deal.id, { version: 2, items: [] }).expect(200)).body;
      expect([emptied.lineItems, emptied.amount, emptied.version]).toEqual([[], '94.41', 3]);
      expect((await patch('rep', deal.id, { amount: '100.00', version: 3 }).expect(200)).body.amount).toBe('100.00');
    });

    it('rounds to whole units in JPY and refuses a product priced in another currency', async () => {
      const deal = (await create('rep', { title: 'Yen deal', currency: 'JPY' }).expect(201)).body as Deal;
      const mismatch = await replaceLines('rep', deal.id, { version: 1, items: [{ productId: product, quantity: '1' }] }).expect(422);
      expect([mismatch.body.code, fieldErrors(mismatch.body)]).toEqual(['product_currency_mismatch', { 'items[0].productId': 'productCurrencyMismatch' }]);
      const priced = (
        await replaceLines('rep', deal.id, {
          version: 1,
          items: [
            { name: 'Service', quantity: '3', price: '1999', discountPercent: '7.5', vatRate: '10' },
            { productId: yenProduct, quantity: '1.5' },
          ],
        }).expect(200)
      ).body;
      expect(priced.lineItems.map((line: { totalAmount: string }) => line.totalAmount)).toEqual(['6102', '1500']);
      expect(priced.amount).toBe('7602');
    });

    it('validates lines, writes nothing on errors and checks the version', async () => {
      const deal = (await create('rep', { title: 'Line checks' }).expect(201)).body as Deal;
      const invalid = await replaceLines('rep', deal.id, {
        version: 1,
        items: [{ quantity: '1' }, { name: 'x', quantity: '-1', price: '1', discountPercent: '101', vatRate: '7.555', color: 'red' }],
      }).expect(400);
      expect(Object.keys(fieldErrors(invalid.body)).sort()).toEqual(['items[1].color', 'items[1].discountPercent', 'items[1].quantity', 'items[1].vatRate']);
      const missing = await replaceLines('rep', deal.id, { version: 1, items: [{ quantity: '1' }] }).expect(400);
      expect(fieldErrors(missing.body)).toEqual({ 'items[0].name': 'required', 'items[0].price': 'required' });
      const unknownProduct = await replaceLines('rep', deal.id, { version: 1, items: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: '1' }] }).expect(400);
      expect(fieldErrors(unknownProduct.body)).toEqual({ 'items[0].productId': 'referenceNotFound' });
      const tooMany = Array.from({ length: 201 }, () => ({ name: 'x', quantity: '1', price: '1' }));
      await replaceLines('rep', deal.id, { version: 1, items: tooMany }).expect(400);
      await replaceLines('rep', deal.id, { version: 5, items: [{ name: 'x', quantity: '1', price: '1' }] }).expect(409);
      expect(await t.query('SELECT 1 FROM deal_line_items WHERE deal_id = $1', [deal.id])).toHaveLength(0);
      expect((await t.query<{ version: number }>('SELECT version FROM deals WHERE id = $1', [deal.id]))[0]!.version).toBe(1);
    });

    it('creates a deal with its lines in one go', async () => {
      const deal = (await create('rep', { title: 'With lines', lineItems: [{ productId: product, quantity: '3' }] }).expect(201)).body;
      expect([deal.amount, deal.lineItems.length, deal.lineItems[0].totalAmount]).toEqual(['36.30', 1, '36.30']);
    });
  });

  describe('update', () => {
    it('needs the version, refuses stale ones and stage fields, and audits the change', async () => {
      const deal = (await create('rep', { title: 'Editable', expectedCloseDate: '2026-05-01' }).expect(201)).body as Deal;
      expect((await patch('rep', deal.id, { title: 'No version' }).expect(428)).body.code).toBe('version_required');
      expect((await patch('rep', deal.id, { title: 'Stale', version: 9 }).expect(409)).body.code).toBe('version_conflict');
      const stageField = await patch('rep', deal.id, { stageId: stages.won, status: 'won', version: 1 }).expect(400);
      expect(Object.keys(fieldErrors(stageField.body)).sort()).toEqual(['stageId', 'status']);
      expect(fieldErrors((await patch('rep', deal.id, { title: null, version: 1 }).expect(400)).body)).toHaveProperty('title');

      const updated = await t.http
        .patch(`/api/v1/deals/${deal.id}`)
        .set('authorization', t.auth('rep'))
        .set('if-match', '"1"')
        .send({ title: 'Edited', amount: '1234.5', expectedCloseDate: null, nextStep: 'Call back', tags: ['Hot'] })
        .expect(200);
      expect(updated.body).toMatchObject({ title: 'Edited', amount: '1234.50', expectedCloseDate: null, nextStep: 'Call back', tags: ['hot'], version: 2 });
      expect(updated.headers.etag).toBe('"2"');
      const [audit] = await t.query<{ changes: Record<string, unknown> }>(`SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'update'`, [deal.id]);
      expect(audit!.changes).toEqual({
        title: { from: 'Editable', to: 'Edited' },
        amount: { from: '0.00', to: '1234.50' },
        expectedCloseDate: { from: '2026-05-01', to: null },
        nextStep: { from: null, to: 'Call back' },
        tags: { from: [], to: ['hot'] },
      });
      // A currency whose minor unit the amount does not fit is refused.
      expect((await patch('rep', deal.id, { currency: 'JPY', version: 2 }).expect(400)).body.code).toBe('amount_not_in_currency');
      expect((await patch('rep', deal.id, { currency: 'JPY', amount: '1235', version: 2 }).expect(200)).body).toMatchObject({ currency: 'JPY', amount: '1235' });
    });

    it('replaces the contacts in order and audits their ids', async () => {
      const [a, b] = await Promise.all(
        ['Alpha', 'Beta'].map(async (lastName) => (await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep')).send({ lastName }).expect(201)).body),
      );
      const deal = (await create('rep', { title: 'People', contactIds: [a.id] }).expect(201)).body as Deal;
      const updated = (await patch('rep', deal.id, { contactIds: [b.id, a.id], version: 1 }).expect(200)).body;
      expect(updated.contacts.map((contact: { fullName: string }) => contact.fullName)).toEqual(['Beta', 'Alpha']);
      const [audit] = await t.query<{ changes: Record<string, unknown> }>(`SELECT changes FROM audit_log WHERE entity_id = $1 AND action = 'update'`, [deal.id]);
      expect(audit!.changes).toEqual({ contactIds: { from: [a.id], to: [b.id, a.id] } });
      expect((await patch('rep', deal.id, { contactIds: [], version: 2 }).expect(200)).body.contacts).toEqual([]);
    });
  });

  describe('permissions', () => {
    const owned = {} as Record<'rep' | 'rep2' | 'repSouth' | 'head' | 'operator', Deal>;

    beforeAll(async () => {
      for (const owner of Object.keys({ rep: 0, rep2: 0, repSouth: 0, head: 0, operator: 0 }) as (keyof typeof owned)[]) {
        owned[owner] = (await create(owner, { title: `Perm ${owner}`, tags: ['perm'] }).expect(201)).body;
      }
    });

    const cases: { role: FixtureUser; sees: string[]; moves: string[] }[] = [
      { role: 'admin', sees: ['head', 'operator', 'rep', 'rep2', 'repSouth'], moves: ['head', 'operator', 'rep', 'rep2', 'repSouth'] },
      { role: 'head', sees: ['head', 'operator', 'rep', 'rep2'], moves: ['head', 'operator', 'rep', 'rep2'] },
      { role: 'rep', sees: ['rep'], moves: ['rep'] },
      { role: 'repSouth', sees: ['repSouth'], moves: ['repSouth'] },
      { role: 'headSouth', sees: ['repSouth'], moves: ['repSouth'] },
      { role: 'operator', sees: ['operator'], moves: ['operator'] },
      { role: 'analyst', sees: ['head', 'operator', 'rep', 'rep2', 'repSouth'], moves: [] },
    ];

    it.each(cases)('$role lists, reads and moves exactly the deals its level reaches', async ({ role, sees, moves }) => {
      expect(titles(await list(role, 'tag=perm'))).toEqual(sees.map((owner) => `Perm ${owner}`).sort());
      for (const [owner, deal] of Object.entries(owned)) {
        const read = await get(role, deal.id);
        expect([owner, read.status]).toEqual([owner, sees.includes(owner) ? 200 : 404]);
        const [{ version }] = (await t.query<{ version: number }>('SELECT version FROM deals WHERE id = $1', [deal.id])) as [{ version: number }];
        const moved = await move(role, deal.id, { stageId: stages.proposal, version });
        const expected = role === 'analyst' ? 403 : moves.includes(owner) ? 200 : 404;
        expect([owner, moved.status]).toEqual([owner, expected]);
        if (moved.status === 200) {
          // Back to the start for the next role.
          await move(role, deal.id, { stageId: stages.qualification, version: version + 1 }).expect(200);
        } else {
          expect((await t.query<{ version: number }>('SELECT version FROM deals WHERE id = $1', [deal.id]))[0]!.version).toBe(version);
          if (moved.status === 404) expect(moved.body.code).toBe('record_not_found');
        }
      }
    });

    it('follows the create level: operators create for anyone, analysts not at all, reps only for themselves', async () => {
      const forRep = await create('operator', { title: 'Lead for rep', ownerId: t.users.repSouth.id }).expect(201);
      expect(forRep.body.ownerId).toBe(t.users.repSouth.id);
      await get('operator', forRep.body.id).expect(404);
      expect((await create('analyst', { title: 'Analyst deal' }).expect(403)).body.code).toBe('permission_denied');
      expect((await create('rep', { title: 'For rep2', ownerId: t.users.rep2.id }).expect(403)).body.code).toBe('owner_not_allowed');
      await create('head', { title: 'Head for rep2', ownerId: t.users.rep2.id }).expect(201);
      await create('head', { title: 'Head for south', ownerId: t.users.repSouth.id }).expect(403);
    });

    it('keeps line items, history and deletion within reach', async () => {
      await replaceLines('rep', owned.rep2.id, { version: 1, items: [] }).expect(404);
      await t.http.get(`/api/v1/deals/${owned.rep2.id}/stage-history`).set('authorization', t.auth('rep')).expect(404);
      await t.http.delete(`/api/v1/deals/${owned.rep2.id}`).set('authorization', t.auth('rep')).expect(404);
      await t.http.delete(`/api/v1/deals/${owned.rep2.id}`).set('authorization', t.auth('operator')).expect(403);
      await patch('head', owned.repSouth.id, { title: 'Hijack', version: 3 }).expect(404);
      expect((await t.query<{ deleted_at: Date | null }>('SELECT deleted_at FROM deals WHERE id = $1', [owned.rep2.id]))[0]!.deleted_at).toBeNull();
    });
  });

  describe('list', () => {
    beforeAll(async () => {
      const bodies = [
        { title: 'List A', amount: '100.00', expectedCloseDate: '2026-01-15', leadSource: 'Fair' },
        { title: 'List B', amount: '2500.50', expectedCloseDate: '2026-03-01', leadSource: 'Website' },
        { title: 'List C', amount: '999.99' },
        { title: 'List D', amount: '50', expectedCloseDate: '2025-12-31', stageId: stages.won },
      ];
      for (const body of bodies) await create('head', { ...body, tags: ['listing'] }).expect(201);
    });

    it('filters by status, stage, amount, expected close and lead source', async () => {
      expect(titles(await list('head', 'tag=listing&status=won'))).toEqual(['List D']);
      expect(titles(await list('head', 'tag=listing&status=open&status=lost'))).toEqual(['List A', 'List B', 'List C']);
      expect(titles(await list('head', `tag=listing&stageId=${stages.won}`))).toEqual(['List D']);
      expect(titles(await list('head', 'tag=listing&amountMin=100&amountMax=999.99'))).toEqual(['List A', 'List C']);
      expect(titles(await list('head', 'tag=listing&expectedCloseFrom=2026-01-01&expectedCloseTo=2026-03-01'))).toEqual(['List A', 'List B']);
      expect(titles(await list('head', 'tag=listing&leadSource=website'))).toEqual(['List B']);
      const invalid = await t.http.get('/api/v1/deals?status=closed&amountMin=1e3&expectedCloseFrom=march&stageId=x').set('authorization', t.auth('head')).expect(400);
      expect(Object.keys(fieldErrors(invalid.body)).sort()).toEqual(['amountMin', 'expectedCloseFrom', 'stageId', 'status']);
    });

    it('sorts by amount and by expected close date (undated last) across pages', async () => {
      const pages = async (sort: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = `/api/v1/deals?tag=listing&limit=1&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
          const body = (await t.http.get(query).set('authorization', t.auth('head')).expect(200)).body as { items: Deal[]; nextCursor: string | null };
          seen.push(...body.items.map((deal) => deal.title));
          cursor = body.nextCursor;
        } while (cursor);
        return seen;
      };
      expect(await pages('amount')).toEqual(['List D', 'List A', 'List C', 'List B']);
      expect(await pages('-amount')).toEqual(['List B', 'List C', 'List A', 'List D']);
      expect(await pages('expectedCloseDate')).toEqual(['List D', 'List A', 'List B', 'List C']);
      expect(await pages('-expectedCloseDate')).toEqual(['List C', 'List B', 'List A', 'List D']);
      expect((await pages('-stageEnteredAt')).length).toBe(4);
      expect((await pages('title')).length).toBe(4);
    });

    it('carries company and contacts on every item, loaded per page', async () => {
      const company = (await t.http.post('/api/v1/companies').set('authorization', t.auth('head')).send({ name: 'Paged Co' }).expect(201)).body;
      const contact = (await t.http.post('/api/v1/contacts').set('authorization', t.auth('head')).send({ firstName: 'Page', lastName: 'Person' }).expect(201)).body;
      await create('head', { title: 'List E', companyId: company.id, contactIds: [contact.id], tags: ['listing'] }).expect(201);
      const items = await list('head', 'tag=listing&sort=title');
      expect(items.find((deal) => deal.title === 'List E')).toMatchObject({
        company: { id: company.id, name: 'Paged Co' },
        contacts: [{ id: contact.id, fullName: 'Page Person' }],
      });
      expect(items.find((deal) => deal.title === 'List A')).toMatchObject({ company: null, contacts: [] });
    });

    it('filters and sorts on custom fields of deals', async () => {
      await t.http
        .post('/api/v1/custom-fields')
        .set('authorization', t.auth('admin'))
        .send({ entity: 'deal', key: 'region', type: 'text', labels: { en: 'Region' } })
        .expect(201);
      await create('head', { title: 'Custom North', custom: { region: 'north' }, tags: ['custom'] }).expect(201);
      await create('head', { title: 'Custom South', custom: { region: 'south' }, tags: ['custom'] }).expect(201);
      expect(titles(await list('head', 'tag=custom&cf=region:eq:north'))).toEqual(['Custom North']);
      expect((await list('head', 'tag=custom&sort=-cf.region')).map((deal) => deal.title)).toEqual(['Custom South', 'Custom North']);
      expect(fieldErrors((await create('head', { title: 'Bad custom', custom: { nope: 1 } }).expect(400)).body)).toHaveProperty(['custom.nope']);
    });
  });

  describe('delete and restore', () => {
    it('moves a deal to the trash and back', async () => {
      const deal = (await create('rep', { title: 'Trashable' }).expect(201)).body as Deal;
      await t.http.delete(`/api/v1/deals/${deal.id}`).set('authorization', t.auth('rep')).set('if-match', '"9"').expect(409);
      await t.http.delete(`/api/v1/deals/${deal.id}`).set('authorization', t.auth('rep')).expect(204);
      await get('rep', deal.id).expect(404);
      await move('rep', deal.id, { stageId: stages.proposal, version: 2 }).expect(404);
      expect(titles(await list('rep', 'deleted=only&q=trashable'))).toEqual(['Trashable']);
      const restored = (await t.http.post(`/api/v1/deals/${deal.id}/restore`).set('authorization', t.auth('rep')).expect(200)).body;
      expect([restored.deletedAt, restored.version]).toEqual([null, 3]);
      expect((await t.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [deal.id])).map((row) => row.action)).toEqual([
        'create',
        'delete',
        'restore',
      ]);
      // The deal's history is readable through the audit log by whoever may read the deal.
      const audit = (await t.http.get(`/api/v1/audit?entity=deal&id=${deal.id}`).set('authorization', t.auth('rep')).expect(200)).body;
      expect(audit.items.map((entry: { action: string }) => entry.action)).toEqual(['restore', 'delete', 'create']);
      await t.http.get(`/api/v1/audit?entity=deal&id=${deal.id}`).set('authorization', t.auth('rep2')).expect(404);
    });
  });

  describe('segments and bulk actions', () => {
    beforeAll(async () => {
      for (const [owner, title, amount] of [
        ['rep', 'Bulk big', '5000'],
        ['rep', 'Bulk small', '10'],
        ['rep2', 'Bulk other', '7000'],
      ] as const) {
        await create(owner, { title, amount, tags: ['bulk'] }).expect(201);
      }
    });

    it('counts a saved deal segment for each reader within reach', async () => {
      const segment = (
        await t.http.post('/api/v1/segments').set('authorization', t.auth('rep')).send({ entity: 'deal', name: 'Big deals', visibility: 'team', filter: { tag: 'bulk', amountMin: '1000' } }).expect(201)
      ).body;
      expect(segment.filter).toEqual({ tag: ['bulk'], amountMin: '1000' });
      const countFor = async (as: FixtureUser) =>
        ((await t.http.get('/api/v1/segments?entity=deal&withCounts=true').set('authorization', t.auth(as)).expect(200)).body.items as { id: string; count: number }[]).find(
          (item) => item.id === segment.id,
        )!.count;
      expect(await countFor('rep')).toBe(1);
      expect(await countFor('head')).toBe(2);
      const invalid = await t.http.post('/api/v1/segments').set('authorization', t.auth('rep')).send({ entity: 'deal', name: 'Bad', filter: { status: ['closed'] } }).expect(400);
      expect(fieldErrors(invalid.body)).toEqual({ 'filter.status': 'isIn' });
    });

    it('tags, reassigns and deletes deals in bulk, skipping those out of reach', async () => {
      const tagged = (
        await t.http.post('/api/v1/deals/bulk').set('authorization', t.auth('rep')).send({ action: 'addTags', tags: ['Flagged'], filter: { tag: ['bulk'] } }).expect(200)
      ).body;
      expect(tagged).toEqual({ matched: 2, changed: 2, unchanged: 0, skipped: 0 });
      expect(titles(await list('admin', 'tag=flagged'))).toEqual(['Bulk big', 'Bulk small']);

      const ids = (await list('admin', 'tag=bulk')).map((deal) => deal.id);
      const assigned = (await t.http.post('/api/v1/deals/bulk').set('authorization', t.auth('head')).send({ action: 'assignOwner', ownerId: t.users.rep2.id, ids }).expect(200)).body;
      expect(assigned).toEqual({ matched: 3, changed: 2, unchanged: 1, skipped: 0 });
      const deleted = (await t.http.post('/api/v1/deals/bulk').set('authorization', t.auth('rep')).send({ action: 'delete', ids }).expect(200)).body;
      expect(deleted).toEqual({ matched: 3, changed: 0, unchanged: 0, skipped: 3 });
      const [audit] = await t.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE entity = 'deal' AND entity_id = ANY($1) AND changes ? 'ownerId' AND action = 'update'`, [ids]);
      expect(Number(audit!.n)).toBe(2);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Stage {
  id: string;
  pipelineId: string;
  name: string;
  position: number;
  color: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  version: number;
}

interface Pipeline {
  id: string;
  name: string;
  position: number;
  version: number;
  stages: Stage[];
}

interface LostReason {
  id: string;
  name: string;
  position: number;
  active: boolean;
  version: number;
}

describe('pipelines, stages and lost reasons', () => {
  let t: TestApp;

  const as = (user: FixtureUser) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('authorization', t.auth(user)),
    post: (path: string, body: object) => t.http.post(`/api/v1${path}`).set('authorization', t.auth(user)).send(body),
    patch: (path: string, body: object) => t.http.patch(`/api/v1${path}`).set('authorization', t.auth(user)).send(body),
    put: (path: string, body: object) => t.http.put(`/api/v1${path}`).set('authorization', t.auth(user)).send(body),
    delete: (path: string) => t.http.delete(`/api/v1${path}`).set('authorization', t.auth(user)),
  });
  const admin = () => as('admin');
  const fieldErrors = (body: { errors?: { field: string; codes?: string[] }[] }) =>
    Object.fromEntries((body.errors ?? []).map((error) => [error.field, error.codes?.[0]]));
  const createPipeline = async (body: object): Promise<Pipeline> => (await admin().post('/pipelines', body).expect(201)).body;
  const getPipeline = async (id: string): Promise<Pipeline> => (await admin().get(`/pipelines/${id}`).expect(200)).body;
  /** A deal row put straight into the database: the deals API is not what is tested here. */
  const insertDeal = async (stage: Stage, options: { deleted?: boolean; lostReasonId?: string } = {}): Promise<string> => {
    const [row] = await t.query<{ id: string }>(
      `INSERT INTO deals (title, pipeline_id, stage_id, status, currency, deleted_at, lost_reason_id, lost_at)
       VALUES ('Deal', $1, $2, $3, 'EUR', $4, $5, $6) RETURNING id`,
      [stage.pipelineId, stage.id, stage.kind, options.deleted ? new Date() : null, options.lostReasonId ?? null, stage.kind === 'lost' ? new Date() : null],
    );
    return row!.id;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('pipelines', () => {
    it('lists the seeded pipeline with its stages in order, for deal readers and admins but not for others', async () => {
      for (const user of ['admin', 'head', 'rep', 'operator', 'analyst'] as const) {
        const response = await as(user).get('/pipelines').expect(200);
        const [sales] = response.body.items as Pipeline[];
        expect(sales!.name).toBe('Sales');
        expect(sales!.stages.map((stage) => [stage.name, stage.kind, stage.probability])).toEqual([
          ['Qualification', 'open', 10],
          ['Needs analysis', 'open', 25],
          ['Proposal', 'open', 50],
          ['Negotiation', 'open', 75],
          ['Won', 'won', 100],
          ['Lost', 'lost', 0],
        ]);
      }
      // A role reading contacts only sees no pipelines.
      const role = await admin().post('/roles', { key: 'contacts_only', name: 'Contacts only', permissions: { contact: { read: 'own' } } }).expect(201);
      await admin()
        .post('/users', { email: 'contacts-only@test.crm', name: 'Contacts only', password: 'pipeline test password', roleId: role.body.id })
        .expect(201);
      const login = await t.http.post('/api/v1/auth/login').send({ email: 'contacts-only@test.crm', password: 'pipeline test password' }).expect(200);
      const outsider = `Bearer ${login.body.accessToken}`;
      for (const path of ['/pipelines', '/lost-reasons', '/products']) {
        const refused = await t.http.get(`/api/v1${path}`).set('authorization', outsider).expect(403);
        expect(refused.body.code).toBe('permission_denied');
      }
    });

    it('creates a pipeline with the default stages, or with the stages given, and refuses writes to non-admins', async () => {
      const defaults = await createPipeline({ name: '  Renewals  ' });
      expect(defaults).toMatchObject({ name: 'Renewals', position: 1, version: 1 });
      expect(defaults.stages.map((stage) => stage.kind)).toEqual(['open', 'open', 'open', 'open', 'won', 'lost']);
      const probabilities = defaults.stages.filter((stage) => stage.kind === 'open').map((stage) => stage.probability);
      expect([...probabilities].sort((a, b) => a - b)).toEqual(probabilities);

      const custom = await createPipeline({
        name: 'Partners',
        stages: [{ name: 'Intro', color: '#AABBCC' }, { name: 'Signed', kind: 'won' }, { name: 'Dropped', kind: 'lost', probability: 5 }],
      });
      expect(custom.stages.map(({ name, position, color, probability, kind }) => ({ name, position, color, probability, kind }))).toEqual([
        { name: 'Intro', position: 0, color: '#aabbcc', probability: 10, kind: 'open' },
        { name: 'Signed', position: 1, color: '#16a34a', probability: 100, kind: 'won' },
        { name: 'Dropped', position: 2, color: '#dc2626', probability: 5, kind: 'lost' },
      ]);

      for (const user of ['rep', 'head', 'analyst'] as const) {
        await as(user).post('/pipelines', { name: 'Mine' }).expect(403);
        await as(user).patch(`/pipelines/${custom.id}`, { name: 'Mine', version: 1 }).expect(403);
        await as(user).delete(`/pipelines/${custom.id}`).expect(403);
        await as(user).post(`/pipelines/${custom.id}/stages`, { name: 'Mine' }).expect(403);
      }

      const taken = await admin().post('/pipelines', { name: 'renewals' }).expect(409);
      expect(taken.body).toMatchObject({ code: 'pipeline_name_taken', errors: [{ field: 'name' }] });
      const noOpen = await admin().post('/pipelines', { name: 'Closed only', stages: [{ name: 'Won', kind: 'won' }] }).expect(400);
      expect(fieldErrors(noOpen.body)).toEqual({ stages: 'openStageRequired' });
    });

    it('validates every field as a problem and writes nothing', async () => {
      const cases: [object, string[]][] = [
        [{ name: '' }, ['name']],
        [{ name: 'X', extra: 1 }, ['extra']],
        [{ name: 'X', stages: [{ name: 'A', color: 'red' }] }, ['stages[0].color']],
        [{ name: 'X', stages: [{ name: 'A', color: '#abc' }] }, ['stages[0].color']],
        [{ name: 'X', stages: [{ name: 'A', probability: 101 }] }, ['stages[0].probability']],
        [{ name: 'X', stages: [{ name: 'A', probability: 1.5 }] }, ['stages[0].probability']],
        [{ name: 'X', stages: [{ name: 'A', kind: 'maybe' }] }, ['stages[0].kind']],
        [{ name: 'X', stages: [] }, ['stages']],
      ];
      for (const [body, fields] of cases) {
        const response = await admin().post('/pipelines', body).expect(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.code).toBe('validation_failed');
        expect(Object.keys(fieldErrors(response.body)).sort()).toEqual(fields);
      }
      expect(await t.query(`SELECT 1 FROM pipelines WHERE name = 'X'`)).toEqual([]);
    });

    it('renames with the version read, answers 428 without it and 409 when stale, and audits the change', async () => {
      const pipeline = await createPipeline({ name: 'Rename me' });
      await admin().patch(`/pipelines/${pipeline.id}`, { name: 'Renamed' }).expect(428);
      const renamed = await admin().patch(`/pipelines/${pipeline.id}`, { name: 'Renamed', version: 1 }).expect(200);
      expect(renamed.body).toMatchObject({ name: 'Renamed', version: 2, stages: pipeline.stages.map((stage) => ({ id: stage.id })) });
      expect(renamed.headers.etag).toBe('"2"');
      const stale = await admin().patch(`/pipelines/${pipeline.id}`, { name: 'Again', version: 1 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
      const viaHeader = await t.http
        .patch(`/api/v1/pipelines/${pipeline.id}`)
        .set('authorization', t.auth('admin'))
        .set('if-match', '"2"')
        .send({ name: 'Via header' })
        .expect(200);
      expect(viaHeader.body.version).toBe(3);

      const entries = await t.query<{ action: string; changes: Record<string, unknown>; actor_user_id: string }>(
        `SELECT action, changes, actor_user_id FROM audit_log WHERE entity = 'settings' AND entity_id = $1 ORDER BY id`,
        [pipeline.id],
      );
      expect(entries.map((entry) => entry.action)).toEqual(['create', 'update', 'update']);
      expect(entries[0]!.changes).toMatchObject({ setting: { from: null, to: 'pipeline' }, name: { from: null, to: 'Rename me' } });
      expect(entries[1]!.changes).toEqual({ name: { from: 'Rename me', to: 'Renamed' } });
      expect(entries[1]!.actor_user_id).toBe(t.users.admin.id);
      await admin().get(`/pipelines/00000000-0000-4000-8000-000000000000`).expect(404);
      await admin().get(`/pipelines/not-a-uuid`).expect(400);
    });

    it('reorders pipelines, which must all be named once', async () => {
      const before = (await admin().get('/pipelines').expect(200)).body.items as Pipeline[];
      const ids = before.map((pipeline) => pipeline.id);
      const reversed = await admin().put('/pipelines/order', { ids: [...ids].reverse() }).expect(200);
      expect(reversed.body.items.map((pipeline: Pipeline) => pipeline.id)).toEqual([...ids].reverse());
      expect(reversed.body.items.map((pipeline: Pipeline) => pipeline.position)).toEqual(ids.map((_, index) => index));
      await admin().put('/pipelines/order', { ids: ids.slice(1) }).expect(400);
      await admin().put('/pipelines/order', { ids: [...ids, ids[0]] }).expect(400);
      await as('rep').put('/pipelines/order', { ids }).expect(403);
      await admin().put('/pipelines/order', { ids }).expect(200);
    });

    it('refuses to delete a pipeline holding deals, live or trashed, and the last pipeline', async () => {
      const pipeline = await createPipeline({ name: 'Doomed' });
      const dealId = await insertDeal(pipeline.stages[0]!);
      const refused = await admin().delete(`/pipelines/${pipeline.id}`).expect(409);
      expect(refused.body).toMatchObject({ code: 'pipeline_not_empty', dealCount: 1, trashedDealCount: 0, pipelineId: pipeline.id });
      expect(refused.body.detail).toMatch(/1 deal/);
      await t.query(`UPDATE deals SET deleted_at = now() WHERE id = $1`, [dealId]);
      const trashed = await admin().delete(`/pipelines/${pipeline.id}`).expect(409);
      expect(trashed.body).toMatchObject({ dealCount: 0, trashedDealCount: 1 });
      await t.query(`DELETE FROM deals WHERE id = $1`, [dealId]);

      await admin().delete(`/pipelines/${pipeline.id}`).expect(204);
      expect(await t.query(`SELECT 1 FROM pipeline_stages WHERE pipeline_id = $1`, [pipeline.id])).toEqual([]);
      const audited = await t.query<{ entity_id: string }>(`SELECT entity_id FROM audit_log WHERE entity = 'settings' AND action = 'delete'`);
      expect(audited.map((entry) => entry.entity_id)).toEqual(expect.arrayContaining([pipeline.id, ...pipeline.stages.map((stage) => stage.id)]));

      const all = (await admin().get('/pipelines').expect(200)).body.items as Pipeline[];
      expect(all.map((pipeline) => pipeline.position)).toEqual(all.map((_, index) => index));
      const [last, ...others] = all;
      for (const other of others) {
        await t.query(`DELETE FROM deals WHERE pipeline_id = $1`, [other.id]);
        await admin().delete(`/pipelines/${other.id}`).expect(204);
      }
      const refusedLast = await admin().delete(`/pipelines/${last!.id}`).expect(409);
      expect(refusedLast.body.code).toBe('last_pipeline');
    });
  });

  describe('stages', () => {
    let pipeline: Pipeline;

    beforeAll(async () => {
      pipeline = await createPipeline({ name: 'Stages' });
    });

    it('adds an open stage after the last open one, a closed one last, or where asked', async () => {
      const open = await admin().post(`/pipelines/${pipeline.id}/stages`, { name: 'Demo', probability: 60 }).expect(201);
      expect(open.body).toMatchObject({ name: 'Demo', position: 4, kind: 'open', probability: 60, color: '#64748b', version: 1 });
      const won = await admin().post(`/pipelines/${pipeline.id}/stages`, { name: 'Won big', kind: 'won' }).expect(201);
      expect(won.body).toMatchObject({ position: 7, probability: 100 });
      const first = await admin().post(`/pipelines/${pipeline.id}/stages`, { name: 'Lead', position: 0, color: '#123456' }).expect(201);
      expect(first.body.position).toBe(0);
      pipeline = await getPipeline(pipeline.id);
      expect(pipeline.stages.map((stage) => stage.name)).toEqual([
        'Lead', 'Qualification', 'Needs analysis', 'Proposal', 'Negotiation', 'Demo', 'Won', 'Lost', 'Won big',
      ]);
      expect(pipeline.stages.map((stage) => stage.position)).toEqual(pipeline.stages.map((_, index) => index));
      await admin().post(`/pipelines/00000000-0000-4000-8000-000000000000/stages`, { name: 'Nowhere' }).expect(404);
    });

    it('edits a stage with its version and validates the fields', async () => {
      const stage = pipeline.stages.find((candidate) => candidate.name === 'Demo')!;
      const path = `/pipelines/${pipeline.id}/stages/${stage.id}`;
      await admin().patch(path, { name: 'Live demo' }).expect(428);
      const edited = await admin().patch(path, { name: 'Live demo', color: '#FF0000', probability: 65, version: stage.version }).expect(200);
      expect(edited.body).toMatchObject({ name: 'Live demo', color: '#ff0000', probability: 65, version: stage.version + 1 });
      await admin().patch(path, { name: 'Stale', version: stage.version }).expect(409);
      for (const [body, field] of [
        [{ color: 'blue' }, 'color'],
        [{ probability: 101 }, 'probability'],
        [{ probability: -1 }, 'probability'],
        [{ kind: 'pending' }, 'kind'],
        [{ position: 3 }, 'position'],
        [{ name: null }, 'name'],
      ] as const) {
        const response = await admin().patch(path, { ...body, version: 2 }).expect(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(Object.keys(fieldErrors(response.body))).toEqual([field]);
      }
      await as('rep').patch(path, { name: 'Rep', version: 2 }).expect(403);
      const other = (await admin().get('/pipelines').expect(200)).body.items.find((candidate: Pipeline) => candidate.id !== pipeline.id) as Pipeline;
      await admin().patch(`/pipelines/${other.id}/stages/${stage.id}`, { name: 'Elsewhere', version: 2 }).expect(404);
    });

    it('reorders the stages, which must all be named exactly once', async () => {
      const ids = pipeline.stages.map((stage) => stage.id);
      const moved = [ids[1]!, ids[0]!, ...ids.slice(2)];
      const reordered = await admin().put(`/pipelines/${pipeline.id}/stages/order`, { ids: moved }).expect(200);
      expect(reordered.body.stages.map((stage: Stage) => stage.id)).toEqual(moved);
      expect((await getPipeline(pipeline.id)).stages.map((stage) => stage.id)).toEqual(moved);
      const missing = await admin().put(`/pipelines/${pipeline.id}/stages/order`, { ids: moved.slice(1) }).expect(400);
      expect(fieldErrors(missing.body)).toEqual({ ids: 'arrayComplete' });
      await admin().put(`/pipelines/${pipeline.id}/stages/order`, { ids: [...moved.slice(1), moved[1]] }).expect(400);
      const foreign = (await admin().get('/pipelines').expect(200)).body.items.find((candidate: Pipeline) => candidate.id !== pipeline.id) as Pipeline;
      await admin().put(`/pipelines/${pipeline.id}/stages/order`, { ids: [...moved.slice(1), foreign.stages[0]!.id] }).expect(400);
      await as('rep').put(`/pipelines/${pipeline.id}/stages/order`, { ids: moved }).expect(403);
      const position = await t.query(`SELECT 1 FROM audit_log WHERE entity = 'settings' AND entity_id = $1 AND changes ? 'position'`, [moved[0]]);
      expect(position.length).toBeGreaterThan(0);
      pipeline = reordered.body;
    });

    it('refuses to delete a stage holding deals, saying how many and where they are', async () => {
      const stage = pipeline.stages.find((candidate) => candidate.name === 'Proposal')!;
      await insertDeal(stage);
      await insertDeal(stage);
      await insertDeal(stage, { deleted: true });
      const refused = await admin().delete(`/pipelines/${pipeline.id}/stages/${stage.id}`).expect(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        code: 'stage_not_empty',
        dealCount: 2,
        stageId: stage.id,
        pipelineId: pipeline.id,
        dealsUrl: `/api/v1/deals?stageId=${stage.id}`,
      });
      expect(refused.body.detail).toMatch(/2 deals/);
      expect(await t.query(`SELECT 1 FROM pipeline_stages WHERE id = $1`, [stage.id])).toHaveLength(1);
    });

    it('moves trashed deals of a deleted stage to the nearest stage of the same kind', async () => {
      const stage = pipeline.stages.find((candidate) => candidate.name === 'Needs analysis')!;
      const trashed = await insertDeal(stage, { deleted: true });
      await admin().delete(`/pipelines/${pipeline.id}/stages/${stage.id}`).expect(204);
      const [deal] = await t.query<{ stage_id: string; status: string }>(`SELECT stage_id, status FROM deals WHERE id = $1`, [trashed]);
      const heir = pipeline.stages.find((candidate) => candidate.id === deal!.stage_id)!;
      expect(heir.kind).toBe('open');
      expect(Math.abs(heir.position - stage.position)).toBe(1);
      const after = await getPipeline(pipeline.id);
      expect(after.stages.map((candidate) => candidate.position)).toEqual(after.stages.map((_, index) => index));
      expect(after.stages.map((candidate) => candidate.id)).not.toContain(stage.id);
      pipeline = after;
    });

    it('refuses a kind change while deals are in the stage', async () => {
      const stage = pipeline.stages.find((candidate) => candidate.name === 'Proposal')!;
      const refused = await admin().patch(`/pipelines/${pipeline.id}/stages/${stage.id}`, { kind: 'won', version: stage.version }).expect(409);
      expect(refused.body).toMatchObject({ code: 'stage_kind_locked', dealCount: 2, trashedDealCount: 1, stageId: stage.id });
      // Other fields of a stage holding deals may change.
      await admin().patch(`/pipelines/${pipeline.id}/stages/${stage.id}`, { probability: 55, version: stage.version }).expect(200);
    });

    it('changes the kind of an empty stage, taking the kind’s probability unless one is given', async () => {
      const stage = pipeline.stages.find((candidate) => candidate.name === 'Won big')!;
      const lost = await admin().patch(`/pipelines/${pipeline.id}/stages/${stage.id}`, { kind: 'lost', version: stage.version }).expect(200);
      expect(lost.body).toMatchObject({ kind: 'lost', probability: 0 });
      const open = await admin().patch(`/pipelines/${pipeline.id}/stages/${stage.id}`, { kind: 'open', probability: 90, version: lost.body.version }).expect(200);
      expect(open.body).toMatchObject({ kind: 'open', probability: 90 });
    });

    it('keeps at least one open stage in a pipeline', async () => {
      const small = await createPipeline({ name: 'Small', stages: [{ name: 'Only open' }, { name: 'Done', kind: 'won' }] });
      const [open, won] = small.stages;
      const rekind = await admin().patch(`/pipelines/${small.id}/stages/${open!.id}`, { kind: 'lost', version: 1 }).expect(409);
      expect(rekind.body.code).toBe('last_open_stage');
      const deleted = await admin().delete(`/pipelines/${small.id}/stages/${open!.id}`).expect(409);
      expect(deleted.body.code).toBe('last_open_stage');
      // With a second open stage the first may go.
      const second = await admin().post(`/pipelines/${small.id}/stages`, { name: 'Second open' }).expect(201);
      await admin().delete(`/pipelines/${small.id}/stages/${open!.id}`).expect(204);
      await admin().delete(`/pipelines/${small.id}/stages/${won!.id}`).expect(204);
      const left = await getPipeline(small.id);
      expect(left.stages.map((stage) => [stage.id, stage.position])).toEqual([[second.body.id, 0]]);
      await as('rep').delete(`/pipelines/${small.id}/stages/${second.body.id}`).expect(403);
    });
  });

  describe('lost reasons', () => {
    it('lists the active reasons to deal readers, all of them on request', async () => {
      const seeded = await as('rep').get('/lost-reasons').expect(200);
      expect(seeded.body.items.map((reason: LostReason) => reason.name)).toEqual([
        'Price too high', 'Chose a competitor', 'No budget', 'No decision', 'Unreachable',
      ]);
      const created = await admin().post('/lost-reasons', { name: 'Timing', active: false }).expect(201);
      expect(created.body).toMatchObject({ name: 'Timing', active: false, position: 5, version: 1 });
      expect((await as('rep').get('/lost-reasons').expect(200)).body.items).toHaveLength(5);
      expect((await as('rep').get('/lost-reasons?includeInactive=true').expect(200)).body.items).toHaveLength(6);
      await admin().get('/lost-reasons?includeInactive=maybe').expect(400);
      await as('rep').post('/lost-reasons', { name: 'Rep reason' }).expect(403);
    });

    it('renames, deactivates and reorders with versions, refusing taken names', async () => {
      const all = (await admin().get('/lost-reasons?includeInactive=true').expect(200)).body.items as LostReason[];
      const [price, competitor] = all;
      await admin().patch(`/lost-reasons/${price!.id}`, { active: false }).expect(428);
      const off = await admin().patch(`/lost-reasons/${price!.id}`, { active: false, version: 1 }).expect(200);
      expect(off.body).toMatchObject({ active: false, version: 2 });
      const taken = await admin().patch(`/lost-reasons/${competitor!.id}`, { name: 'PRICE TOO HIGH', version: 1 }).expect(409);
      expect(taken.body.code).toBe('lost_reason_name_taken');
      await admin().post('/lost-reasons', { name: 'no budget' }).expect(409);
      await admin().post('/lost-reasons', { name: 'x'.repeat(201) }).expect(400);

      const ids = all.map((reason) => reason.id).reverse();
      const reordered = await admin().put('/lost-reasons/order', { ids }).expect(200);
      expect(reordered.body.items.map((reason: LostReason) => reason.id)).toEqual(ids);
      await admin().put('/lost-reasons/order', { ids: ids.slice(1) }).expect(400);
      await as('rep').put('/lost-reasons/order', { ids }).expect(403);
    });

    it('deletes an unused reason and refuses one that deals name', async () => {
      const reasons = (await admin().get('/lost-reasons?includeInactive=true').expect(200)).body.items as LostReason[];
      const used = reasons.find((reason) => reason.name === 'No decision')!;
      const sales = ((await admin().get('/pipelines').expect(200)).body.items as Pipeline[])[0]!;
      const lostStage = sales.stages.find((stage) => stage.kind === 'lost')!;
      await insertDeal(lostStage, { lostReasonId: used.id, deleted: true });
      const refused = await admin().delete(`/lost-reasons/${used.id}`).expect(409);
      expect(refused.body).toMatchObject({ code: 'lost_reason_in_use', dealCount: 1 });

      const unused = reasons.find((reason) => reason.name === 'Timing')!;
      await as('rep').delete(`/lost-reasons/${unused.id}`).expect(403);
      await admin().delete(`/lost-reasons/${unused.id}`).expect(204);
      await admin().delete(`/lost-reasons/${unused.id}`).expect(404);
      const [entry] = await t.query<{ changes: Record<string, { from: unknown }> }>(
        `SELECT changes FROM audit_log WHERE entity = 'settings' AND entity_id = $1 AND action = 'delete'`,
        [unused.id],
      );
      expect(entry!.changes.name!.from).toBe('Timing');
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';

/**
 * A stage move holds a pooled connection for its transaction; anything else it needs from the database must come
 * through that transaction or before it. With one connection in the pool, a move that reached for a second (the
 * next-task setting's cache refresh did) would wait forever, as 10 concurrent moves did with the default pool of 10.
 */
describe('deal moves on a pool of one connection', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ dbPoolSize: 1 });
  }, 30_000);

  afterAll(() => t?.close());

  it('moves a deal right after the next-task rule changed, while the setting is read afresh', async () => {
    const stages = await t.query<{ id: string; name: string }>(
      `SELECT s.id, s.name FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Sales' AND s.kind = 'open' ORDER BY s.position`,
    );
    const deal = (await t.http.post('/api/v1/deals').set('authorization', t.auth('rep')).send({ title: 'Pool of one' }).expect(201)).body as {
      id: string;
      version: number;
    };
    for (const [on, stage] of [[true, stages[1]!], [false, stages[2]!]] as const) {
      // Changing the rule drops the cached value, so the move below reads it from the database.
      await t.http.patch('/api/v1/settings').set('authorization', t.auth('admin')).send({ deals: { requireNextTask: on } }).expect(200);
      const version = ((await t.http.get(`/api/v1/deals/${deal.id}`).set('authorization', t.auth('rep')).expect(200)).body as { version: number }).version;
      const body = on ? { stageId: stage.id, version, nextTask: { title: 'Call back' } } : { stageId: stage.id, version };
      const moved = await t.http.post(`/api/v1/deals/${deal.id}/stage`).set('authorization', t.auth('rep')).send(body).timeout(10_000);
      expect(moved.status).toBe(200);
    }
    await t.http.patch('/api/v1/settings').set('authorization', t.auth('admin')).send({ deals: { requireNextTask: true } }).expect(200);
    const version = ((await t.http.get(`/api/v1/deals/${deal.id}`).set('authorization', t.auth('rep')).expect(200)).body as { version: number }).version;
    const refused = await t.http.post(`/api/v1/deals/${deal.id}/stage`).set('authorization', t.auth('rep')).send({ stageId: stages[0]!.id, version }).timeout(10_000);
    // The deal has the open task created with the first move, so the rule is met without a new one.
    expect(refused.status).toBe(200);
  }, 60_000);
});

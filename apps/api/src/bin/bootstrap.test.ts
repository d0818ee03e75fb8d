import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../test/support/test-app.js';
import { ensureAdmin } from './admin.js';
import { DEMO_PASSWORD, seedDemoData } from './demo-data.js';

describe('first admin and demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates the first admin once, and it can sign in', async () => {
    expect(await ensureAdmin(t.databaseUrl, 'Boss@Example.com', 'first admin password')).toBe(true);
    expect(await ensureAdmin(t.databaseUrl, 'boss@example.com', 'another password')).toBe(false);
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'boss@example.com', password: 'first admin password' }).expect(200);
    const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body.role.key).toBe('admin');
    await expect(ensureAdmin(t.databaseUrl, 'weak@example.com', 'short')).rejects.toThrow(/8 characters/);
  });

  it('seeds a user per built-in role with clients, and only once', async () => {
    const logins = await seedDemoData(t.databaseUrl);
    expect(logins.map((login) => login.role).sort()).toEqual(['admin', 'analyst', 'operator', 'sales_head', 'sales_rep', 'sales_rep']);
    await seedDemoData(t.databaseUrl);
    const [counts] = await t.query<{ users: number; contacts: number; companies: number }>(
      `SELECT (SELECT count(*)::int FROM users WHERE email LIKE '%@demo.crm') AS users,
              (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM companies) AS companies`,
    );
    expect(counts).toEqual({ users: 6, contacts: 12, companies: 8 });

    // Outside demo mode the sign-in page shows no accounts.
    expect((await t.http.get('/api/v1/auth/sign-in-options').expect(200)).body).toEqual({ demo: false, demoLogins: [], demoPassword: null });

    const rep = await t.http.post('/api/v1/auth/login').send({ email: 'rep@demo.crm', password: DEMO_PASSWORD }).expect(200);
    const contacts = await t.http.get('/api/v1/contacts').set('authorization', `Bearer ${rep.body.accessToken}`).expect(200);
    expect(contacts.body.items.length).toBeGreaterThan(0);
    const repId = (await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${rep.body.accessToken}`)).body.user.id;
    expect(contacts.body.items.every((contact: { ownerId: string }) => contact.ownerId === repId)).toBe(true);
  });

  it('seeds deals over two pipelines, consistent with their stages, history and line items, and only once', async () => {
    const counts = async () =>
      (
        await t.query<{ pipelines: number; products: number; deals: number; open: number; won: number; lost: number; eur: number; lined: number }>(
          `SELECT (SELECT count(*)::int FROM pipelines) AS pipelines, (SELECT count(*)::int FROM products) AS products,
                  count(*)::int AS deals, count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'won')::int AS won,
                  count(*) FILTER (WHERE status = 'lost')::int AS lost, count(*) FILTER (WHERE currency = 'EUR')::int AS eur,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM deal_line_items l WHERE l.deal_id = d.id))::int AS lined
           FROM deals d`,
        )
      )[0]!;
    const seeded = await counts();
    expect(seeded).toMatchObject({ pipelines: 2, products: 8, deals: 60, open: 40, won: 10, lost: 10 });
    expect(seeded.eur).toBeGreaterThan(40);
    expect(seeded.lined).toBeGreaterThan(10);
    const inconsistent = await t.query(
      `SELECT d.title FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
       LEFT JOIN LATERAL (SELECT h.to_stage_id, h.changed_at FROM deal_stage_history h WHERE h.deal_id = d.id ORDER BY h.changed_at DESC, h.id DESC LIMIT 1) last ON true
       WHERE s.kind <> d.status OR s.pipeline_id <> d.pipeline_id OR last.to_stage_id IS DISTINCT FROM d.stage_id OR last.changed_at <> d.stage_entered_at
          OR (d.status = 'lost') <> (d.lost_reason_id IS NOT NULL AND d.lost_at IS NOT NULL) OR (d.status = 'won') <> (d.won_at IS NOT NULL)
          OR NOT EXISTS (SELECT 1 FROM deal_contacts c WHERE c.deal_id = d.id AND c.position = 0)
          OR d.amount <> coalesce((SELECT sum(l.total_amount) FROM deal_line_items l WHERE l.deal_id = d.id), d.amount)`,
    );
    expect(inconsistent).toEqual([]);
    await seedDemoData(t.databaseUrl);
    expect(await counts()).toEqual(seeded);

    const rep = await t.http.post('/api/v1/auth/login').send({ email: 'rep@demo.crm', password: DEMO_PASSWORD }).expect(200);
    const [repeat] = await t.query<{ id: string }>(`SELECT id FROM pipelines WHERE name = 'Repeat sales'`);
    const board = await t.http.get(`/api/v1/pipelines/${repeat!.id}/board`).set('authorization', `Bearer ${rep.body.accessToken}`).expect(200);
    expect(board.body.stages.map((stage: { name: string }) => stage.name)).toEqual(['Need identified', 'Offer', 'Negotiation', 'Won', 'Lost']);
    expect(board.body.stages.some((stage: { count: number }) => stage.count > 0)).toBe(true);
  });
});

describe('sign-in options in demo mode', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ demoData: true });
    await seedDemoData(t.databaseUrl);
  });
  afterAll(() => t.close());

  it('lists a demo account per role with the shared password', async () => {
    const options = (await t.http.get('/api/v1/auth/sign-in-options').expect(200)).body;
    expect(options.demo).toBe(true);
    expect(options.demoPassword).toBe(DEMO_PASSWORD);
    expect(options.demoLogins.map((login: { role: string }) => login.role)).toEqual(['admin', 'analyst', 'operator', 'sales_head', 'sales_rep', 'sales_rep']);
  });
});

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

  it('seeds tasks over the team: overdue, today, upcoming, done with results, one recurring; and only once', async () => {
    const counts = async () =>
      (
        await t.query<{ tasks: number; overdue: number; upcoming: number; done: number; results: number; recurring: number; linked: number }>(
          `SELECT count(*)::int AS tasks, count(*) FILTER (WHERE status = 'open' AND due_at < now())::int AS overdue,
                  count(*) FILTER (WHERE status = 'open' AND due_at > now() + interval '1 day')::int AS upcoming,
                  count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE result IS NOT NULL)::int AS results,
                  count(*) FILTER (WHERE recurrence IS NOT NULL AND series_id = id)::int AS recurring,
                  count(*) FILTER (WHERE entity IS NOT NULL)::int AS linked
           FROM tasks`,
        )
      )[0]!;
    const seeded = await counts();
    expect(seeded).toMatchObject({ tasks: 81, recurring: 1 });
    expect(seeded.overdue).toBeGreaterThan(10);
    expect(seeded.upcoming).toBeGreaterThan(10);
    expect(seeded.done).toBeGreaterThan(10);
    expect(seeded.results).toBe(seeded.done);
    expect(seeded.linked).toBeGreaterThan(40);
    await seedDemoData(t.databaseUrl);
    expect(await counts()).toEqual(seeded);
    // Each task is about a record its assignee may read.
    expect(
      await t.query(
        `SELECT t.title FROM tasks t
         LEFT JOIN contacts c ON t.entity = 'contact' AND c.id = t.entity_id LEFT JOIN companies co ON t.entity = 'company' AND co.id = t.entity_id
         LEFT JOIN deals d ON t.entity = 'deal' AND d.id = t.entity_id
         WHERE t.entity IS NOT NULL AND coalesce(c.owner_id, co.owner_id, d.owner_id) IS DISTINCT FROM t.owner_id`,
      ),
    ).toEqual([]);

    const head = await t.http.post('/api/v1/auth/login').send({ email: 'head@demo.crm', password: DEMO_PASSWORD }).expect(200);
    const counters = await t.http.get('/api/v1/tasks/counters').set('authorization', `Bearer ${head.body.accessToken}`).expect(200);
    expect(counters.body.overdue).toBeGreaterThan(0);
    const calendar = await t.http
      .get(`/api/v1/tasks/calendar?from=${new Date().toISOString()}&to=${new Date(Date.now() + 30 * 86_400_000).toISOString()}`)
      .set('authorization', `Bearer ${head.body.accessToken}`)
      .expect(200);
    expect(calendar.body.items.filter((task: { projected: boolean }) => task.projected).length).toBeGreaterThanOrEqual(3);
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

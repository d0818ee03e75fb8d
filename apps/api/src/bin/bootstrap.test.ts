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

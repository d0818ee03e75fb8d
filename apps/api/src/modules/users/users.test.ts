import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/test-app.js';

describe('users admin', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    email: 'new.person@test.crm',
    name: 'New Person',
    password: 'first password',
    roleId: t.roles.sales_rep,
    teamId: t.teams.South,
    locale: 'lv',
    timeZone: 'Europe/Riga',
    ...overrides,
  });

  it('lets an admin create a user who can then sign in, and never shows a password hash', async () => {
    const created = await t.http.post('/api/v1/users').set('authorization', t.auth('admin')).send(newUser()).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'new.person@test.crm',
      name: 'New Person',
      locale: 'lv',
      timeZone: 'Europe/Riga',
      teamId: t.teams.South,
      roleId: t.roles.sales_rep,
      active: true,
      emailReminders: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    expect(created.headers.etag).toBe('"1"');
    await login('new.person@test.crm', 'first password').expect(200);

    const fetched = await t.http.get(`/api/v1/users/${created.body.id}`).set('authorization', t.auth('admin')).expect(200);
    expect(fetched.body).toEqual(created.body);
    const [audit] = await t.query<{ action: string; changes: Record<string, unknown> }>(
      `SELECT action, changes FROM audit_log WHERE entity = 'user' AND entity_id = $1`,
      [created.body.id],
    );
    expect(audit?.action).toBe('create');
    expect(JSON.stringify(audit?.changes)).not.toMatch(/password|scrypt/i);
  });

  it('refuses a second user with the same email in another letter case', async () => {
    const response = await t.http
      .post('/api/v1/users')
      .set('authorization', t.auth('admin'))
      .send(newUser({ email: 'NEW.Person@test.crm' }))
      .expect(409);
    expect(response.body).toMatchObject({ code: 'email_taken', errors: [{ field: 'email' }] });
  });

  it('lists every invalid field', async () => {
    const response = await t.http
      .post('/api/v1/users')
      .set('authorization', t.auth('admin'))
      .send({ email: 'not-an-email', name: '', password: 'short', roleId: 'admin', locale: 'de', timeZone: 'Mars/Base', isAdmin: true })
      .expect(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      ['email', 'isAdmin', 'locale', 'name', 'password', 'roleId', 'timeZone'],
    );
  });

  it('refuses reps who try to create users', async () => {
    const response = await t.http.post('/api/v1/users').set('authorization', t.auth('rep')).send(newUser({ email: 'x@test.crm' })).expect(403);
    expect(response.body.code).toBe('permission_denied');
  });

  it('shows a head only the users of their team, and hides the rest as missing', async () => {
    const response = await t.http.get('/api/v1/users').set('authorization', t.auth('head')).expect(200);
    const ids = response.body.items.map((user: { id: string }) => user.id).sort();
    expect(ids).toEqual([t.users.head.id, t.users.rep.id, t.users.rep2.id, t.users.operator.id].sort());
    await t.http.get(`/api/v1/users/${t.users.repSouth.id}`).set('authorization', t.auth('head')).expect(404);
  });

  it('filters by team, role, activity and text, and pages with a cursor', async () => {
    const list = (query: string) => t.http.get(`/api/v1/users?${query}`).set('authorization', t.auth('admin')).expect(200);
    const names = (response: { body: { items: { name: string }[] } }) => response.body.items.map((user) => user.name);

    expect(names(await list(`teamId=${t.teams.South}&roleId=${t.roles.sales_rep}`))).toEqual(['New Person', 'Test repSouth']);
    expect(names(await list('q=REP2'))).toEqual(['Test rep2']);
    expect(names(await list('q=%25'))).toEqual([]);
    expect((await list('active=false')).body.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=3&sort=-createdAt${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...names(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);

    const tooMany = await t.http.get('/api/v1/users?limit=201').set('authorization', t.auth('admin')).expect(400);
    expect(tooMany.body.errors[0].field).toBe('limit');
  });

  it('updates with the current version, from the body or If-Match, and refuses a stale or missing one', async () => {
    const url = `/api/v1/users/${t.users.rep2.id}`;
    const noVersion = await t.http.patch(url).set('authorization', t.auth('admin')).send({ name: 'Renamed' }).expect(428);
    expect(noVersion.body.code).toBe('version_required');

    const first = await t.http.patch(url).set('authorization', t.auth('admin')).send({ name: 'Renamed', version: 1 }).expect(200);
    expect(first.body).toMatchObject({ name: 'Renamed', version: 2 });

    const stale = await t.http.patch(url).set('authorization', t.auth('admin')).send({ name: 'Lost edit', version: 1 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });

    const viaHeader = await t.http
      .patch(url)
      .set('authorization', t.auth('admin'))
      .set('if-match', '"2"')
      .send({ locale: 'es', timeZone: 'Europe/Madrid', teamId: t.teams.South })
      .expect(200);
    expect(viaHeader.body).toMatchObject({ name: 'Renamed', locale: 'es', timeZone: 'Europe/Madrid', teamId: t.teams.South, version: 3 });
  });

  it('refuses updates from roles without user update rights', async () => {
    await t.http.patch(`/api/v1/users/${t.users.rep.id}`).set('authorization', t.auth('head')).send({ name: 'x', version: 1 }).expect(403);
  });

  it('lets an admin reset a password, which ends the old sessions', async () => {
    const session = (await login('analyst@test.crm', TEST_PASSWORD).expect(200)).body;
    await t.http
      .patch(`/api/v1/users/${t.users.analyst.id}`)
      .set('authorization', t.auth('admin'))
      .send({ password: 'a new password', version: 1 })
      .expect(200);
    await login('analyst@test.crm', TEST_PASSWORD).expect(401);
    await login('analyst@test.crm', 'a new password').expect(200);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('deactivates instead of deleting, ending sign-in and sessions, but never oneself', async () => {
    const session = (await login('operator@test.crm', TEST_PASSWORD).expect(200)).body;
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${session.accessToken}`).expect(200);
    const deactivated = await t.http
      .patch(`/api/v1/users/${t.users.operator.id}`)
      .set('authorization', t.auth('admin'))
      .send({ active: false, version: 1 })
      .expect(200);
    expect(deactivated.body.active).toBe(false);
    const tokens = await t.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM refresh_tokens WHERE user_id = $1', [t.users.operator.id]);
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((token) => token.revoked_at !== null)).toBe(true);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await login('operator@test.crm', TEST_PASSWORD).expect(401);
    // Even the access token issued before the deactivation stops working.
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${session.accessToken}`).expect(401);

    const inactive = await t.http.get('/api/v1/users?active=false').set('authorization', t.auth('admin')).expect(200);
    expect(inactive.body.items.map((user: { id: string }) => user.id)).toEqual([t.users.operator.id]);

    const self = await t.http
      .patch(`/api/v1/users/${t.users.admin.id}`)
      .set('authorization', t.auth('admin'))
      .send({ active: false, version: 1 })
      .expect(409);
    expect(self.body.code).toBe('cannot_deactivate_self');
  });

  it('applies a new role and team to tokens issued before the change', async () => {
    await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep2')).send({ lastName: 'Before' }).expect(201);
    const [{ version }] = (await t.query<{ version: number }>('SELECT version FROM users WHERE id = $1', [t.users.rep2.id])) as [{ version: number }];
    await t.http
      .patch(`/api/v1/users/${t.users.rep2.id}`)
      .set('authorization', t.auth('admin'))
      .send({ roleId: t.roles.analyst, teamId: t.teams.South, version })
      .expect(200);
    const me = await t.http.get('/api/v1/auth/me').set('authorization', t.auth('rep2')).expect(200);
    expect(me.body.permissions.contact.create).toBe('none');
    await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep2')).send({ lastName: 'After' }).expect(403);
  });

  it('refuses references to teams and roles that do not exist', async () => {
    const response = await t.http
      .post('/api/v1/users')
      .set('authorization', t.auth('admin'))
      .send(newUser({ email: 'ghost@test.crm', teamId: '00000000-0000-4000-8000-000000000000' }))
      .expect(400);
    expect(response.body).toMatchObject({ code: 'reference_not_found', errors: [{ field: 'teamId' }] });
  });
});

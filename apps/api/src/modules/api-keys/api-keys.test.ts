import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe('API keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const createKey = (body: Record<string, unknown>, as = t.auth('admin')) =>
    t.http.post('/api/v1/api-keys').set('authorization', as).send(body);
  const me = (headers: Record<string, string>) => t.http.get('/api/v1/auth/me').set(headers);

  let adminKey: { id: string; key: string; prefix: string };

  it('shows a new key once, and it then signs in through either header', async () => {
    const created = await createKey({ name: 'Integration', roleId: t.roles.admin }).expect(201);
    adminKey = created.body;
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Integration',
      prefix: created.body.key.slice(0, 12),
      roleId: t.roles.admin,
      userId: t.users.admin.id,
      createdById: t.users.admin.id,
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      key: expect.stringMatching(/^crm_[\w-]{43}$/),
    });

    const viaHeader = await me({ 'x-api-key': adminKey.key }).expect(200);
    expect(viaHeader.body.user.id).toBe(t.users.admin.id);
    const viaBearer = await me({ authorization: `Bearer ${adminKey.key}` }).expect(200);
    expect(viaBearer.body.role.key).toBe('admin');
  });

  it('records when a key was used and which key made a change', async () => {
    let lastUsedAt: string | null = null;
    for (let attempt = 0; attempt < 50 && !lastUsedAt; attempt++) {
      const list = await t.http.get('/api/v1/api-keys').set('authorization', t.auth('admin')).expect(200);
      lastUsedAt = list.body.items.find((key: { id: string }) => key.id === adminKey.id).lastUsedAt;
      if (!lastUsedAt) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(lastUsedAt).not.toBeNull();

    const team = await t.http.post('/api/v1/teams').set('x-api-key', adminKey.key).send({ name: 'Made by a key' }).expect(201);
    const [entry] = await t.query<{ actor_api_key_id: string; actor_user_id: string | null }>(
      `SELECT actor_api_key_id, actor_user_id FROM audit_log WHERE entity = 'team' AND entity_id = $1`,
      [team.body.id],
    );
    expect(entry).toEqual({ actor_api_key_id: adminKey.id, actor_user_id: null });
  });

  it('acts for the chosen user with the chosen role', async () => {
    const created = await createKey({ name: 'For a rep', roleId: t.roles.sales_rep, userId: t.users.rep.id }).expect(201);
    const response = await me({ 'x-api-key': created.body.key }).expect(200);
    expect(response.body.user.id).toBe(t.users.rep.id);
    await t.http.post('/api/v1/api-keys').set('x-api-key', created.body.key).send({ name: 'x', roleId: t.roles.sales_rep }).expect(403);
  });

  it('never lists a secret or its hash', async () => {
    const list = await t.http.get('/api/v1/api-keys').set('authorization', t.auth('admin')).expect(200);
    expect(list.body.items).toHaveLength(2);
    const text = JSON.stringify(list.body);
    const [row] = await t.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [adminKey.id]);
    expect(text).not.toContain(adminKey.key);
    expect(text).not.toContain(row!.key_hash);
    expect(list.body.items.every((key: Record<string, unknown>) => !('key' in key) && !('keyHash' in key))).toBe(true);
  });

  it('refuses a revoked key with api_key_invalid', async () => {
    const created = await createKey({ name: 'Short-lived', roleId: t.roles.analyst }).expect(201);
    await me({ 'x-api-key': created.body.key }).expect(200);
    const revoked = await t.http.post(`/api/v1/api-keys/${created.body.id}/revoke`).set('authorization', t.auth('admin')).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const refused = await me({ 'x-api-key': created.body.key }).expect(401);
    expect(refused.body.code).toBe('api_key_invalid');
    await me({ authorization: `Bearer ${created.body.key}` }).expect(401);
    const again = await t.http.post(`/api/v1/api-keys/${created.body.id}/revoke`).set('authorization', t.auth('admin')).expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('refuses an expired key, and a new key that would expire in the past', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const created = await createKey({ name: 'Expiring', roleId: t.roles.analyst, expiresAt: inAnHour }).expect(201);
    expect(created.body.expiresAt).toBe(inAnHour);
    await me({ 'x-api-key': created.body.key }).expect(200);
    await t.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    expect((await me({ 'x-api-key': created.body.key }).expect(401)).body.code).toBe('api_key_invalid');

    const past = await createKey({ name: 'Dead on arrival', roleId: t.roles.analyst, expiresAt: '2020-01-01T00:00:00Z' }).expect(400);
    expect(past.body).toMatchObject({ code: 'expiry_in_past', errors: [{ field: 'expiresAt' }] });
  });

  it('lets only roles with API key rights create or see keys', async () => {
    const denied = await createKey({ name: 'Mine', roleId: t.roles.sales_rep }, t.auth('rep')).expect(403);
    expect(denied.body.code).toBe('permission_denied');
    await t.http.get('/api/v1/api-keys').set('authorization', t.auth('head')).expect(403);
  });

  it('refuses keys for unknown or inactive users', async () => {
    await t.query('UPDATE users SET active = false WHERE id = $1', [t.users.rep2.id]);
    const inactive = await createKey({ name: 'Ghost', roleId: t.roles.sales_rep, userId: t.users.rep2.id }).expect(400);
    expect(inactive.body).toMatchObject({ code: 'reference_not_found', errors: [{ field: 'userId' }] });
  });
});

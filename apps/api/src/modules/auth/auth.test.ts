import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/test-app.js';

describe('auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ loginMaxFailuresPerAccount: 3, loginMaxFailuresPerIp: 50 });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });

  it('signs in with the right password, any email case, and reports the user and matrix', async () => {
    const response = await login('REP@test.crm', TEST_PASSWORD).expect(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      accessTokenExpiresAt: expect.any(String),
      refreshToken: expect.any(String),
      refreshTokenExpiresAt: expect.any(String),
    });
    const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body.user).toMatchObject({ id: t.users.rep.id, email: 'rep@test.crm', teamId: t.teams.North });
    expect(me.body.user).not.toHaveProperty('passwordHash');
    expect(me.body.role.key).toBe('sales_rep');
    expect(me.body.permissions.contact).toEqual({ create: 'own', read: 'own', update: 'own', delete: 'own', export: 'none' });
  });

  it('refuses a wrong password or unknown email with the same problem', async () => {
    const wrong = await login('head@test.crm', 'not the password').expect(401);
    const unknown = await login('nobody@test.crm', 'whatever').expect(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.body).toMatchObject({ status: 401, code: 'invalid_credentials', type: 'urn:crm:problem:invalid_credentials' });
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('refuses a disabled account', async () => {
    await t.query(`UPDATE users SET active = false WHERE id = $1`, [t.users.headSouth.id]);
    await login('headsouth@test.crm', TEST_PASSWORD).expect(401);
  });

  it('throttles an account after repeated failures, even for the right password, with Retry-After', async () => {
    for (let attempt = 0; attempt < 3; attempt++) await login('analyst@test.crm', 'wrong').expect(401);
    const throttled = await login('analyst@test.crm', TEST_PASSWORD).expect(429);
    expect(throttled.body.code).toBe('too_many_attempts');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts from the same address still sign in.
    await login('admin@test.crm', TEST_PASSWORD).expect(200);
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const first = (await login('rep2@test.crm', TEST_PASSWORD).expect(200)).body;
    const second = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${second.accessToken}`).expect(200);

    const reused = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reused.body.code).toBe('refresh_token_reused');
    // The thief's replay also killed the legitimate newest token.
    const after = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    expect(after.body.code).toBe('refresh_token_reused');
  });

  it('refuses a forged refresh token and ends a session on logout', async () => {
    const pair = (await login('operator@test.crm', TEST_PASSWORD).expect(200)).body;
    const [id] = pair.refreshToken.split('.');
    const forged = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: `${id}.forged-secret` }).expect(401);
    expect(forged.body.code).toBe('refresh_token_invalid');
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: pair.refreshToken }).expect(204);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401);
  });

  it('refuses missing, expired and forged access tokens', async () => {
    const missing = await t.http.get('/api/v1/auth/me').expect(401);
    expect(missing.body.code).toBe('unauthenticated');

    const jwt = t.app.get(JwtService);
    const claims = { sub: t.users.admin.id, tid: null, rid: t.users.admin.roleId, typ: 'access' };
    const expired = await jwt.signAsync(claims, { expiresIn: -10 });
    const expiredResponse = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${expired}`).expect(401);
    expect(expiredResponse.body.code).toBe('token_expired');

    const forged = await jwt.signAsync(claims, { secret: 'another-secret-another-secret-1234' });
    const forgedResponse = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${forged}`).expect(401);
    expect(forgedResponse.body.code).toBe('token_invalid');

    const [header, , signature] = t.tokens.rep.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...claims, iss: 'crm', exp: 9999999999 })).toString('base64url');
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${header}.${elevated}.${signature}`).expect(401);
  });

  it('lets a user change their locale and password', async () => {
    const me = await t.http.patch('/api/v1/auth/me').set('authorization', t.auth('head')).send({ locale: 'ru', timeZone: 'Europe/Moscow' }).expect(200);
    expect(me.body.user).toMatchObject({ locale: 'ru', timeZone: 'Europe/Moscow' });
    const bad = await t.http.patch('/api/v1/auth/me').set('authorization', t.auth('head')).send({ locale: 'de', timeZone: 'Mars/Base' }).expect(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['locale', 'timeZone']);

    await t.http.post('/api/v1/auth/password').set('authorization', t.auth('head')).send({ currentPassword: 'nope', newPassword: 'new password 1' }).expect(401);
    await t.http.post('/api/v1/auth/password').set('authorization', t.auth('head')).send({ currentPassword: TEST_PASSWORD, newPassword: 'new password 1' }).expect(204);
    await login('head@test.crm', 'new password 1').expect(200);
  });

  it('never writes a password or token into a response header or body it does not own', async () => {
    const response = await login('admin@test.crm', TEST_PASSWORD).expect(200);
    expect(JSON.stringify(response.headers)).not.toContain(TEST_PASSWORD);
    expect(response.headers['x-request-id']).toBeTruthy();
  });
});

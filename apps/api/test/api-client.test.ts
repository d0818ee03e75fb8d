import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiProblem, createApiClient, unwrap } from '@crm/api-client';
import { tokenHash } from '../src/core/auth/secrets.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

// The API as an integrator sees it: only through the generated SDK, over a real socket.
describe('@crm/api-client', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs in and reads the signed-in user with a token fetched per request', async () => {
    const anonymous = createApiClient({ baseUrl: `${t.baseUrl}/` });
    const pair = await unwrap(anonymous.POST('/api/v1/auth/login', { body: { email: 'rep@test.crm', password: TEST_PASSWORD } }));

    let token: string | null = null;
    const client = createApiClient({ baseUrl: t.baseUrl, getToken: () => token });
    await expect(unwrap(client.GET('/api/v1/auth/me'))).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    token = pair.accessToken;
    const me = await unwrap(client.GET('/api/v1/auth/me'));
    expect(me.user.email).toBe('rep@test.crm');
    expect(me.role.key).toBe('sales_rep');
  });

  it('turns error answers into ApiProblem with the code, request id and invalid fields', async () => {
    const client = createApiClient({ baseUrl: t.baseUrl });
    const wrong = await client.POST('/api/v1/auth/login', { body: { email: 'rep@test.crm', password: 'wrong' } });
    expect(wrong.error?.code).toBe('invalid_credentials');

    const invalid = await unwrap(client.POST('/api/v1/auth/login', { body: { email: 'not an email', password: '' } })).catch(
      (error: unknown) => error,
    );
    expect(invalid).toBeInstanceOf(ApiProblem);
    const problem = invalid as ApiProblem;
    expect(problem.code).toBe('validation_failed');
    expect(Object.keys(problem.fieldErrors).sort()).toEqual(['email', 'password']);
    expect(problem.requestId).toBe(problem.response?.headers.get('x-request-id'));
  });

  it('sends a fixed token through a custom fetch', async () => {
    const seen: string[] = [];
    const client = createApiClient({
      baseUrl: t.baseUrl,
      token: t.tokens.admin,
      fetch: (request) => {
        seen.push(request.headers.get('authorization') ?? '');
        return fetch(request);
      },
    });
    expect((await unwrap(client.GET('/api/v1/auth/me'))).user.id).toBe(t.users.admin.id);
    expect(seen).toEqual([`Bearer ${t.tokens.admin}`]);
  });

  it('authenticates with an API key', async () => {
    const key = 'crm_sdk_test_key_0123456789';
    await t.query(
      `INSERT INTO api_keys (name, prefix, key_hash, role_id, user_id, created_by) VALUES ('SDK test', 'crm_sdk', $1, $2, $3, $3)`,
      [tokenHash(key), t.users.admin.roleId, t.users.admin.id],
    );
    const contacts = await unwrap(createApiClient({ baseUrl: t.baseUrl, apiKey: key }).GET('/api/v1/contacts'));
    expect(Array.isArray(contacts.items)).toBe(true);
    const unknown = await createApiClient({ baseUrl: t.baseUrl, apiKey: 'crm_unknown' }).GET('/api/v1/contacts');
    expect(unknown.error?.code).toBe('api_key_invalid');
  });
});

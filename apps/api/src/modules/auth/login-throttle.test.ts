import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/test-app.js';

// Its own file: passport strategies are process-wide, so one app per test file.
describe('login throttling per client address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ loginMaxFailuresPerAccount: 100, loginMaxFailuresPerIp: 4 });
  });
  afterAll(() => t.close());

  it('throttles a client address across accounts', async () => {
    for (const user of ['a', 'b', 'c', 'd']) {
      await t.http.post('/api/v1/auth/login').send({ email: `${user}@test.crm`, password: 'x' }).expect(401);
    }
    const response = await t.http.post('/api/v1/auth/login').send({ email: 'admin@test.crm', password: TEST_PASSWORD });
    expect(response.status).toBe(429);
    expect(response.body.code).toBe('too_many_attempts');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('HTTP platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ rateLimitPerMinute: 30, corsOrigins: ['https://crm.example'] });
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without credentials', async () => {
    expect((await t.http.get('/health').expect(200)).body.status).toBe('ok');
    const ready = await t.http.get('/ready').expect(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('keeps a caller\'s request id and mints one otherwise', async () => {
    expect((await t.http.get('/health').set('x-request-id', 'trace-123')).headers['x-request-id']).toBe('trace-123');
    expect((await t.http.get('/health').set('x-request-id', 'bad id with spaces')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await t.http.get('/api/v1/contacts').set('x-request-id', 'trace-456').expect(401);
    expect(problem.body.requestId).toBe('trace-456');
  });

  it('sends security headers and CORS only for configured origins', async () => {
    const response = await t.http.get('/health').set('origin', 'https://crm.example');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['access-control-allow-origin']).toBe('https://crm.example');
    const foreign = await t.http.get('/health').set('origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown routes and methods with problem+json', async () => {
    const missing = await t.http.get('/api/v1/nothing-here').set('authorization', t.auth('admin')).expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body.code).toBe('not_found');
  });

  it('serves the OpenAPI description and Swagger UI', async () => {
    const spec = await t.http.get('/api/docs/openapi.json').expect(200);
    expect(spec.body.paths['/api/v1/contacts'].get.operationId).toBe('listContacts');
    expect((await t.http.get('/api/docs').expect(200)).text).toContain('swagger');
  });

  it('limits the request rate per client with a 429 problem', async () => {
    let last = await t.http.get('/health');
    for (let i = 0; i < 40 && last.status !== 429; i++) last = await t.http.get('/health');
    expect(last.status).toBe(429);
    expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last.body.code).toBe('rate_limited');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});

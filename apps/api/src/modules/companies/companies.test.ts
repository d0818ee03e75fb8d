import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Company {
  id: string;
  name: string;
  ownerId: string;
  version: number;
}

describe('companies', () => {
  let t: TestApp;
  const owned = {} as Record<'rep' | 'rep2' | 'repSouth', Company>;
  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });

  beforeAll(async () => {
    t = await startTestApp();
    for (const owner of ['rep', 'rep2', 'repSouth'] as const) {
      owned[owner] = (
        await t.http
          .post('/api/v1/companies')
          .set(as(owner))
          .send({ name: `Company of ${owner}`, taxId: `TAX-${owner}`, website: 'https://example.com', tags: ['Client'] })
          .expect(201)
      ).body;
    }
  });
  afterAll(() => t.close());

  const cases: { role: FixtureUser; sees: (keyof typeof owned)[]; canUpdate: (keyof typeof owned)[]; updateLevel: string }[] = [
    { role: 'admin', sees: ['rep', 'rep2', 'repSouth'], canUpdate: ['rep', 'rep2', 'repSouth'], updateLevel: 'all' },
    { role: 'head', sees: ['rep', 'rep2'], canUpdate: ['rep', 'rep2'], updateLevel: 'team' },
    { role: 'headSouth', sees: ['repSouth'], canUpdate: ['repSouth'], updateLevel: 'team' },
    { role: 'rep', sees: ['rep'], canUpdate: ['rep'], updateLevel: 'own' },
    { role: 'operator', sees: ['rep', 'rep2', 'repSouth'], canUpdate: [], updateLevel: 'own' },
    { role: 'analyst', sees: ['rep', 'rep2', 'repSouth'], canUpdate: [], updateLevel: 'none' },
  ];

  it.each(cases)('$role sees, reads and updates exactly what its level reaches', async ({ role, sees, canUpdate, updateLevel }) => {
    const list = await t.http.get('/api/v1/companies?q=company of&sort=name').set(as(role)).expect(200);
    expect(list.body.items.map((company: Company) => company.name)).toEqual(sees.map((owner) => `Company of ${owner}`).sort());

    for (const [owner, company] of Object.entries(owned) as [keyof typeof owned, Company][]) {
      await t.http.get(`/api/v1/companies/${company.id}`).set(as(role)).expect(sees.includes(owner) ? 200 : 404);
      const [{ version }] = (await t.query<{ version: number }>('SELECT version FROM companies WHERE id = $1', [company.id])) as [{ version: number }];
      const update = await t.http.patch(`/api/v1/companies/${company.id}`).set(as(role)).send({ industry: role, version });
      expect([owner, update.status]).toEqual([owner, updateLevel === 'none' ? 403 : canUpdate.includes(owner) ? 200 : 404]);
      const [row] = await t.query<{ industry: string | null }>('SELECT industry FROM companies WHERE id = $1', [company.id]);
      if (canUpdate.includes(owner)) expect(row!.industry).toBe(role);
      else expect(row!.industry).not.toBe(role);
    }
  });

  it('validates websites, lengths and unknown fields', async () => {
    const response = await t.http
      .post('/api/v1/companies')
      .set(as('rep'))
      .send({ name: '', website: 'javascript:alert(1)', taxId: 'x'.repeat(41), emails: [{ type: 'work', value: 'a@' }], revenue: 5 })
      .expect(400);
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['emails[0].value', 'name', 'revenue', 'taxId', 'website']);
    const missing = await t.http.post('/api/v1/companies').set(as('rep')).send({}).expect(400);
    expect(missing.body.errors.map((error: { field: string }) => error.field)).toEqual(['name']);
    const [{ version }] = (await t.query<{ version: number }>('SELECT version FROM companies WHERE id = $1', [owned.rep.id])) as [{ version: number }];
    const nulled = await t.http.patch(`/api/v1/companies/${owned.rep.id}`).set(as('rep')).send({ name: null, version }).expect(400);
    expect(nulled.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.query('SELECT name FROM companies WHERE id = $1', [owned.rep.id]))[0]).toEqual({ name: 'Company of rep' });
  });

  it('soft-deletes and restores with audit, and hides deleted companies from lists', async () => {
    const company = (await t.http.post('/api/v1/companies').set(as('head')).send({ name: 'Short-lived' }).expect(201)).body as Company;
    await t.http.delete(`/api/v1/companies/${company.id}`).set(as('rep')).expect(404);
    await t.http.delete(`/api/v1/companies/${company.id}`).set(as('head')).set('if-match', '"7"').expect(409);
    await t.http.delete(`/api/v1/companies/${company.id}`).set(as('head')).expect(204);
    await t.http.delete(`/api/v1/companies/${company.id}`).set(as('head')).expect(404);
    const list = await t.http.get('/api/v1/companies?q=short-lived').set(as('head')).expect(200);
    expect(list.body.items).toEqual([]);
    const trash = await t.http.get('/api/v1/companies?q=short-lived&deleted=only').set(as('head')).expect(200);
    expect(trash.body.items).toHaveLength(1);
    await t.http.post(`/api/v1/companies/${company.id}/restore`).set(as('head')).expect(200);
    await t.http.post(`/api/v1/companies/${company.id}/restore`).set(as('head')).expect(404);
    const audit = await t.http.get(`/api/v1/audit?entity=company&id=${company.id}`).set(as('admin')).expect(200);
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual(['restore', 'delete', 'create']);
    expect(audit.body.items[2].changes.name).toEqual({ from: null, to: 'Short-lived' });
  });

  it('pages the audit log with a cursor', async () => {
    const company = (await t.http.post('/api/v1/companies').set(as('rep')).send({ name: 'Busy' }).expect(201)).body as Company;
    for (let version = 1; version <= 4; version++) {
      await t.http.patch(`/api/v1/companies/${company.id}`).set(as('rep')).send({ industry: `v${version}`, version }).expect(200);
    }
    const first = await t.http.get(`/api/v1/audit?entity=company&id=${company.id}&limit=3`).set(as('rep')).expect(200);
    expect(first.body.items.map((entry: { changes: { industry?: { to: string } } }) => entry.changes.industry?.to)).toEqual(['v4', 'v3', 'v2']);
    const second = await t.http.get(`/api/v1/audit?entity=company&id=${company.id}&limit=3&cursor=${first.body.nextCursor}`).set(as('rep')).expect(200);
    expect(second.body.items.map((entry: { action: string }) => entry.action)).toEqual(['update', 'create']);
    expect(second.body.nextCursor).toBeNull();
  });
});

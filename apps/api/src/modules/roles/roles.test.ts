import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe('roles', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const createRole = (body: Record<string, unknown>, as = t.auth('admin')) =>
    t.http.post('/api/v1/roles').set('authorization', as).send(body);

  /** Creates a user with `roleId` through the API and signs them in with their password. */
  async function signInWithRole(email: string, roleId: string): Promise<string> {
    await t.http
      .post('/api/v1/users')
      .set('authorization', t.auth('admin'))
      .send({ email, name: email, password: 'role test password', roleId, teamId: t.teams.North })
      .expect(201);
    const tokens = await t.http.post('/api/v1/auth/login').send({ email, password: 'role test password' }).expect(200);
    return `Bearer ${tokens.body.accessToken}`;
  }

  it('lists the built-in roles with their complete matrices to anyone who may read roles', async () => {
    const response = await t.http.get('/api/v1/roles').set('authorization', t.auth('rep')).expect(200);
    const salesRep = response.body.items.find((role: { key: string }) => role.key === 'sales_rep');
    expect(salesRep).toMatchObject({ builtIn: true, name: 'Sales representative' });
    expect(salesRep.permissions.contact).toEqual({ create: 'own', read: 'own', update: 'own', delete: 'own', export: 'none' });
    expect(salesRep.permissions.settings).toEqual({ create: 'none', read: 'none', update: 'none', delete: 'none', export: 'none' });
    expect(response.body.items.map((role: { key: string }) => role.key)).toEqual(['admin', 'analyst', 'operator', 'sales_head', 'sales_rep']);
  });

  it('refuses a matrix with unknown entities, actions or levels, naming each field', async () => {
    const response = await createRole({
      key: 'broken',
      name: 'Broken',
      permissions: { spaceship: { read: 'all' }, contact: { read: 'everything', fly: 'all' }, deal: 'all' },
    }).expect(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      ['permissions.contact.fly', 'permissions.contact.read', 'permissions.deal', 'permissions.spaceship'],
    );
    const missing = await createRole({ key: 'Bad Key', name: 'No matrix' }).expect(400);
    expect(missing.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['key', 'permissions']);
  });

  it('creates a custom role whose matrix then decides what its users may do', async () => {
    const created = await createRole({
      key: 'junior_rep',
      name: 'Junior rep',
      permissions: { contact: { create: 'own', read: 'own' }, user: { read: 'own' } },
    }).expect(201);
    expect(created.body).toMatchObject({ key: 'junior_rep', builtIn: false, version: 1 });
    expect(created.body.permissions.contact).toEqual({ create: 'own', read: 'own', update: 'none', delete: 'none', export: 'none' });
    expect(created.body.permissions.team.read).toBe('none');
    const [stored] = await t.query<{ permissions: unknown }>('SELECT permissions FROM roles WHERE id = $1', [created.body.id]);
    expect(stored?.permissions).toEqual({ contact: { create: 'own', read: 'own' }, user: { read: 'own' } });

    const junior = await signInWithRole('junior@test.crm', created.body.id);
    const me = await t.http.get('/api/v1/auth/me').set('authorization', junior).expect(200);
    expect(me.body.role.key).toBe('junior_rep');
    const users = await t.http.get('/api/v1/users').set('authorization', junior).expect(200);
    expect(users.body.items.map((user: { email: string }) => user.email)).toEqual(['junior@test.crm']);
    await t.http.get('/api/v1/teams').set('authorization', junior).expect(403);
    await createRole({ key: 'sneaky', name: 'Sneaky', permissions: {} }, junior).expect(403);

    // The change reaches the same signed-in user at once.
    const updated = await t.http
      .patch(`/api/v1/roles/${created.body.id}`)
      .set('authorization', t.auth('admin'))
      .set('if-match', '"1"')
      .send({ permissions: { contact: { create: 'own', read: 'own' }, user: { read: 'own' }, team: { read: 'all' } } })
      .expect(200);
    expect(updated.body).toMatchObject({ version: 2, permissions: { team: { read: 'all' } } });
    await t.http.get('/api/v1/teams').set('authorization', junior).expect(200);

    const stale = await t.http
      .patch(`/api/v1/roles/${created.body.id}`)
      .set('authorization', t.auth('admin'))
      .send({ name: 'Too late', version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('version_conflict');

    const inUse = await t.http.delete(`/api/v1/roles/${created.body.id}`).set('authorization', t.auth('admin')).expect(409);
    expect(inUse.body.code).toBe('role_in_use');
  });

  it('keeps built-in roles and role keys as they are', async () => {
    const salesRep = t.roles.sales_rep;
    const changed = await t.http
      .patch(`/api/v1/roles/${salesRep}`)
      .set('authorization', t.auth('admin'))
      .send({ name: 'Seller', version: 1 })
      .expect(409);
    expect(changed.body.code).toBe('role_built_in');
    const deleted = await t.http.delete(`/api/v1/roles/${t.roles.admin}`).set('authorization', t.auth('admin')).expect(409);
    expect(deleted.body.code).toBe('role_built_in');
    const taken = await createRole({ key: 'sales_rep', name: 'Copy', permissions: {} }).expect(409);
    expect(taken.body.code).toBe('role_key_taken');
  });

  it('deletes an unused custom role', async () => {
    const role = await createRole({ key: 'temporary', name: 'Temporary', permissions: {} }).expect(201);
    await t.http.delete(`/api/v1/roles/${role.body.id}`).set('authorization', t.auth('admin')).expect(204);
    await t.http.get(`/api/v1/roles/${role.body.id}`).set('authorization', t.auth('admin')).expect(404);
  });

  it('lets nobody grant more than their own role holds', async () => {
    const manager = await createRole({
      key: 'people_manager',
      name: 'People manager',
      permissions: {
        role: { create: 'all', read: 'all' },
        user: { create: 'all', read: 'all' },
        team: { read: 'all' },
        contact: { read: 'team' },
      },
    }).expect(201);
    const asManager = await signInWithRole('manager@test.crm', manager.body.id);

    const wider = await createRole({ key: 'wider', name: 'Wider', permissions: { contact: { read: 'all' } } }, asManager).expect(403);
    expect(wider.body.code).toBe('role_not_grantable');
    await createRole({ key: 'narrower', name: 'Narrower', permissions: { contact: { read: 'own' } } }, asManager).expect(201);

    const admin = await t.http
      .post('/api/v1/users')
      .set('authorization', asManager)
      .send({ email: 'promoted@test.crm', name: 'Promoted', password: 'whatever 123', roleId: t.roles.admin })
      .expect(403);
    expect(admin.body.code).toBe('role_not_grantable');
  });
});

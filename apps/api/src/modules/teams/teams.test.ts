import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe('teams', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const createTeam = (name: string, as = t.auth('admin')) => t.http.post('/api/v1/teams').set('authorization', as).send({ name });

  it('lists teams by name to anyone who may read them', async () => {
    const response = await t.http.get('/api/v1/teams').set('authorization', t.auth('rep')).expect(200);
    expect(response.body).toEqual({
      items: [expect.objectContaining({ id: t.teams.North, name: 'North', version: 1 }), expect.objectContaining({ name: 'South' })],
      nextCursor: null,
    });
  });

  it('creates teams with names unique in any letter case, for admins only', async () => {
    const created = await createTeam('West').expect(201);
    expect(created.body).toMatchObject({ name: 'West', version: 1 });
    const taken = await createTeam('WEST').expect(409);
    expect(taken.body).toMatchObject({ code: 'team_name_taken', errors: [{ field: 'name' }] });
    const denied = await createTeam('East', t.auth('head')).expect(403);
    expect(denied.body.code).toBe('permission_denied');
    const invalid = await createTeam('').expect(400);
    expect(invalid.body.errors[0].field).toBe('name');
  });

  it('renames with the current version and keeps names unique', async () => {
    const team = (await createTeam('Central').expect(201)).body;
    const url = `/api/v1/teams/${team.id}`;
    await t.http.patch(url).set('authorization', t.auth('admin')).send({ name: 'Middle' }).expect(428);
    const renamed = await t.http.patch(url).set('authorization', t.auth('admin')).send({ name: 'Middle', version: 1 }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Middle', version: 2 });
    expect(renamed.headers.etag).toBe('"2"');
    const stale = await t.http.patch(url).set('authorization', t.auth('admin')).send({ name: 'Other', version: 1 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const taken = await t.http.patch(url).set('authorization', t.auth('admin')).set('if-match', '"2"').send({ name: 'north' }).expect(409);
    expect(taken.body.code).toBe('team_name_taken');
    // Changing only the letter case of its own name is fine.
    await t.http.patch(url).set('authorization', t.auth('admin')).set('if-match', '"2"').send({ name: 'MIDDLE' }).expect(200);
  });

  it('deletes only teams without active members', async () => {
    const notEmpty = await t.http.delete(`/api/v1/teams/${t.teams.North}`).set('authorization', t.auth('admin')).expect(409);
    expect(notEmpty.body).toMatchObject({ code: 'team_not_empty', members: 4 });

    await t.query('UPDATE users SET active = false WHERE team_id = $1', [t.teams.South]);
    await t.http.delete(`/api/v1/teams/${t.teams.South}`).set('authorization', t.auth('admin')).expect(204);
    await t.http.get(`/api/v1/teams/${t.teams.South}`).set('authorization', t.auth('admin')).expect(404);
    const [former] = await t.query<{ team_id: string | null }>('SELECT team_id FROM users WHERE id = $1', [t.users.repSouth.id]);
    expect(former?.team_id).toBeNull();

    await t.http.delete(`/api/v1/teams/${t.teams.South}`).set('authorization', t.auth('admin')).expect(404);
    await t.http.delete('/api/v1/teams/not-a-uuid').set('authorization', t.auth('admin')).expect(400);
  });
});

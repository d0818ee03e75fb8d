import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Contact {
  id: string;
  lastName: string;
  ownerId: string;
  tags: string[];
}

describe('bulk actions', () => {
  let t: TestApp;
  /** Contacts by last name, each owned by the fixture user it is named after (plus a number). */
  const people: Record<string, Contact> = {};

  const bulk = (as: FixtureUser, body: Record<string, unknown>, entity = 'contacts') =>
    t.http.post(`/api/v1/${entity}/bulk`).set('authorization', t.auth(as)).send(body);
  const row = async (id: string) =>
    (await t.query<{ owner_id: string; tags: string[]; deleted_at: Date | null; version: number }>('SELECT owner_id, tags, deleted_at, version FROM contacts WHERE id = $1', [id]))[0]!;
  const auditOf = (id: string) => t.query<{ action: string; changes: Record<string, unknown> }>('SELECT action, changes FROM audit_log WHERE entity_id = $1 ORDER BY id', [id]);
  const ids = (...names: string[]) => names.map((name) => people[name]!.id);

  beforeAll(async () => {
    t = await startTestApp();
    const owners: [FixtureUser, string][] = [
      ['rep', 'Rep1'],
      ['rep', 'Rep2nd'],
      ['rep2', 'Mate1'],
      ['head', 'Head1'],
      ['repSouth', 'South1'],
      ['operator', 'Operator1'],
    ];
    for (const [owner, lastName] of owners) {
      const response = await t.http.post('/api/v1/contacts').set('authorization', t.auth(owner)).send({ firstName: 'Bulk', lastName, tags: ['bulk'] }).expect(201);
      people[lastName] = response.body;
    }
  });
  afterAll(() => t.close());

  it('lets a rep change only their own records: a teammate\'s is skipped and untouched', async () => {
    const before = await row(people.Mate1!.id);
    const response = await bulk('rep', { action: 'addTags', tags: ['Hot'], ids: ids('Rep1', 'Mate1', 'South1') }).expect(200);
    expect(response.body).toEqual({ matched: 3, changed: 1, unchanged: 0, skipped: 2 });
    expect((await row(people.Rep1!.id)).tags).toEqual(['bulk', 'hot']);
    expect(await row(people.Mate1!.id)).toEqual(before);
    expect(await auditOf(people.Mate1!.id)).toEqual([expect.objectContaining({ action: 'create' })]);
    expect(await auditOf(people.Rep1!.id)).toEqual([
      expect.objectContaining({ action: 'create' }),
      { action: 'update', changes: { tags: { from: ['bulk'], to: ['bulk', 'hot'] } } },
    ]);

    // Asking again changes nothing and writes no history.
    expect((await bulk('rep', { action: 'addTags', tags: ['hot'], ids: ids('Rep1') }).expect(200)).body).toEqual({ matched: 1, changed: 0, unchanged: 1, skipped: 0 });
    expect(await auditOf(people.Rep1!.id)).toHaveLength(2);
  });

  it('applies a filter with the reader\'s reach: a head changes the team\'s records and never sees the other team\'s', async () => {
    const response = await bulk('head', { action: 'addTags', tags: ['north'], filter: { q: 'bulk', tag: ['bulk'] } }).expect(200);
    // Rep1, Rep2nd, Mate1, Head1; the operator is in team North too.
    expect(response.body).toEqual({ matched: 5, changed: 5, unchanged: 0, skipped: 0 });
    expect((await row(people.South1!.id)).tags).toEqual(['bulk']);
    expect((await row(people.Operator1!.id)).tags).toEqual(['bulk', 'north']);
  });

  it('skips what an operator may read but not change', async () => {
    const response = await bulk('operator', { action: 'removeTags', tags: ['bulk'], filter: { q: 'bulk' } }).expect(200);
    expect(response.body).toEqual({ matched: 6, changed: 1, unchanged: 0, skipped: 5 });
    expect((await row(people.Operator1!.id)).tags).toEqual(['north']);
    expect((await row(people.South1!.id)).tags).toEqual(['bulk']);
  });

  it('checks the new owner like a single update does', async () => {
    const refused = await bulk('rep', { action: 'assignOwner', ownerId: t.users.rep2.id, ids: ids('Rep1') }).expect(403);
    expect(refused.body.code).toBe('owner_not_allowed');
    expect((await row(people.Rep1!.id)).owner_id).toBe(t.users.rep.id);

    const southOwner = await bulk('head', { action: 'assignOwner', ownerId: t.users.repSouth.id, ids: ids('Rep2nd') }).expect(403);
    expect(southOwner.body.code).toBe('owner_not_allowed');

    const handed = await bulk('head', { action: 'assignOwner', ownerId: t.users.rep2.id, ids: ids('Rep2nd', 'Mate1', 'South1') }).expect(200);
    expect(handed.body).toEqual({ matched: 3, changed: 1, unchanged: 1, skipped: 1 });
    expect((await row(people.Rep2nd!.id)).owner_id).toBe(t.users.rep2.id);
    expect((await auditOf(people.Rep2nd!.id)).at(-1)).toEqual({ action: 'update', changes: { ownerId: { from: t.users.rep.id, to: t.users.rep2.id } } });
  });

  it('deletes only with the delete level, into the trash, with history', async () => {
    await bulk('operator', { action: 'delete', ids: ids('Operator1') }).expect(403);
    await bulk('analyst', { action: 'addTags', tags: ['x'], ids: ids('Rep1') }).expect(403);

    const response = await bulk('rep', { action: 'delete', ids: ids('Rep1', 'Head1') }).expect(200);
    expect(response.body).toEqual({ matched: 2, changed: 1, unchanged: 0, skipped: 1 });
    expect((await row(people.Rep1!.id)).deleted_at).not.toBeNull();
    expect((await row(people.Head1!.id)).deleted_at).toBeNull();
    expect((await auditOf(people.Rep1!.id)).at(-1)!.action).toBe('delete');
    // A trashed record is out of reach of further bulk actions.
    expect((await bulk('rep', { action: 'addTags', tags: ['late'], ids: ids('Rep1') }).expect(200)).body.skipped).toBe(1);
    await t.http.post(`/api/v1/contacts/${people.Rep1!.id}/restore`).set('authorization', t.auth('rep')).expect(200);
  });

  it('applies a saved segment as the user sees it, and refuses a segment out of sight', async () => {
    const segment = (
      await t.http.post('/api/v1/segments').set('authorization', t.auth('head')).send({ entity: 'contact', name: 'Bulk north', visibility: 'team', filter: { tag: ['north'] } }).expect(201)
    ).body;
    const response = await bulk('rep2', { action: 'addTags', tags: ['seen'], segmentId: segment.id }).expect(200);
    // rep2 reads only their own records with the tag: Mate1 and Rep2nd, handed over above.
    expect(response.body).toEqual({ matched: 2, changed: 2, unchanged: 0, skipped: 0 });
    await bulk('repSouth', { action: 'addTags', tags: ['seen'], segmentId: segment.id }).expect(404);
    await bulk('head', { action: 'addTags', tags: ['x'], segmentId: segment.id }, 'companies').expect(404);
  });

  it('works through many records in batches, each record with its audit entry', async () => {
    await t.query(
      `INSERT INTO contacts (last_name, owner_id, tags) SELECT 'Many ' || n, $1, '{many}' FROM generate_series(1, 450) n`,
      [t.users.rep2.id],
    );
    const response = await bulk('rep2', { action: 'assignOwner', ownerId: t.users.rep2.id, filter: { tag: ['many'] } }).expect(200);
    expect(response.body).toEqual({ matched: 450, changed: 0, unchanged: 450, skipped: 0 });
    const tagged = await bulk('head', { action: 'addTags', tags: ['batched'], filter: { tag: 'many' } }).expect(200);
    expect(tagged.body).toEqual({ matched: 450, changed: 450, unchanged: 0, skipped: 0 });
    const [{ entries }] = (await t.query<{ entries: number }>(
      `SELECT count(*)::int AS entries FROM audit_log a JOIN contacts c ON c.id = a.entity_id WHERE c.last_name LIKE 'Many %' AND a.action = 'update'`,
    )) as [{ entries: number }];
    expect(entries).toBe(450);
  });

  it('validates the request', async () => {
    const both = await bulk('rep', { action: 'addTags', tags: ['a'], ids: ids('Rep1'), filter: {} }).expect(400);
    expect(both.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['filter', 'ids', 'segmentId']);
    await bulk('rep', { action: 'addTags', tags: ['a'] }).expect(400);
    const noOwner = await bulk('rep', { action: 'assignOwner', ids: ids('Rep1') }).expect(400);
    expect(noOwner.body.errors).toEqual([expect.objectContaining({ field: 'ownerId', codes: ['required'] })]);
    const noTags = await bulk('rep', { action: 'removeTags', tags: [], ids: ids('Rep1') }).expect(400);
    expect(noTags.body.errors[0].field).toBe('tags');
    const tooMany = await bulk('rep', { action: 'delete', ids: Array.from({ length: 1001 }, () => people.Rep1!.id) }).expect(400);
    expect(tooMany.body.errors[0].field).toBe('ids');
    const badFilter = await bulk('rep', { action: 'delete', filter: { status: ['vip'], cf: ['nothing:eq:1'] } }).expect(400);
    expect(badFilter.body.errors.map((error: { field: string }) => error.field)).toEqual(['filter.status']);
    const badCustom = await bulk('rep', { action: 'delete', filter: { cf: ['nothing:eq:1'] } }).expect(400);
    expect(badCustom.body.errors).toEqual([expect.objectContaining({ field: 'cf', codes: ['unknownField'] })]);
    await bulk('rep', { action: 'merge', ids: ids('Rep1') }).expect(400);
  });

  it('acts on companies the same way', async () => {
    const mine = (await t.http.post('/api/v1/companies').set('authorization', t.auth('rep')).send({ name: 'Bulk Co' }).expect(201)).body;
    const theirs = (await t.http.post('/api/v1/companies').set('authorization', t.auth('rep2')).send({ name: 'Other Co' }).expect(201)).body;
    const response = await bulk('rep', { action: 'addTags', tags: ['co'], ids: [mine.id, theirs.id] }, 'companies').expect(200);
    expect(response.body).toEqual({ matched: 2, changed: 1, unchanged: 0, skipped: 1 });
    const [company] = await t.query<{ tags: string[] }>('SELECT tags FROM companies WHERE id = $1', [theirs.id]);
    expect(company!.tags).toEqual([]);
  });
});

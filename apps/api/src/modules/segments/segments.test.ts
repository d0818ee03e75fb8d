import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Segment {
  id: string;
  name: string;
  visibility: string;
  version: number;
  filter: Record<string, unknown>;
  count?: number | null;
}

describe('segments', () => {
  let t: TestApp;
  let mine: Segment;
  let shared: Segment;

  const save = (as: FixtureUser, body: Record<string, unknown>) => t.http.post('/api/v1/segments').set('authorization', t.auth(as)).send({ entity: 'contact', ...body });
  const segmentsOf = async (as: FixtureUser, query = '') =>
    (await t.http.get(`/api/v1/segments?entity=contact${query}`).set('authorization', t.auth(as)).expect(200)).body.items as Segment[];
  const contacts = async (as: FixtureUser, query: string) =>
    ((await t.http.get(`/api/v1/contacts?limit=200&${query}`).set('authorization', t.auth(as)).expect(200)).body.items as { lastName: string }[])
      .map((contact) => contact.lastName)
      .sort();
  const fieldErrors = (body: { errors?: { field: string; codes?: string[] }[] }) =>
    Object.fromEntries((body.errors ?? []).map((error) => [error.field, error.codes?.[0]]));

  beforeAll(async () => {
    t = await startTestApp();
    const people: [FixtureUser, string, Record<string, unknown>][] = [
      ['rep', 'RepVipLead', { tags: ['vip'], status: 'lead', leadSource: 'Website' }],
      ['rep', 'RepLead', { tags: ['cold'], status: 'lead', leadSource: 'Fair' }],
      ['rep', 'RepClient', { tags: ['vip', 'cold'], status: 'client' }],
      ['rep2', 'Rep2Vip', { tags: ['vip'], status: 'lead', leadSource: 'website' }],
      ['rep2', 'Rep2Plain', { status: 'prospect' }],
      ['head', 'HeadVip', { tags: ['vip'], status: 'lead' }],
      ['repSouth', 'SouthVip', { tags: ['vip'], status: 'lead' }],
    ];
    for (const [owner, lastName, body] of people) {
      await t.http.post('/api/v1/contacts').set('authorization', t.auth(owner)).send({ firstName: 'Seg', lastName, ...body }).expect(201);
    }
    mine = (await save('rep', { name: 'My leads', filter: { status: ['lead'] } }).expect(201)).body;
    shared = (await save('rep', { name: 'North VIPs', visibility: 'team', filter: { tag: 'vip', q: 'seg' } }).expect(201)).body;
  });
  afterAll(() => t.close());

  it('stores the filter the way the list reads it', () => {
    expect(mine).toMatchObject({ name: 'My leads', visibility: 'private', ownerId: t.users.rep.id, filter: { status: ['lead'] }, version: 1 });
    // A single value of a repeatable parameter is stored as the list it means.
    expect(shared.filter).toEqual({ tag: ['vip'], q: 'seg' });
  });

  it('shows a private segment to its owner only and a team segment to the owner\'s team', async () => {
    const seen: Record<string, string[]> = {};
    for (const role of ['rep', 'rep2', 'head', 'repSouth', 'headSouth', 'admin'] as const) {
      seen[role] = (await segmentsOf(role)).map((segment) => segment.name);
    }
    expect(seen).toEqual({ rep: ['My leads', 'North VIPs'], rep2: ['North VIPs'], head: ['North VIPs'], repSouth: [], headSouth: [], admin: [] });
    expect((await t.http.get('/api/v1/segments?entity=company').set('authorization', t.auth('rep')).expect(200)).body.items).toEqual([]);
  });

  it('counts for each reader only the records that reader may list, the same records the list shows', async () => {
    const expected: Record<string, { count: number; names: string[] }> = {
      rep: { count: 2, names: ['RepClient', 'RepVipLead'] },
      rep2: { count: 1, names: ['Rep2Vip'] },
      head: { count: 4, names: ['HeadVip', 'Rep2Vip', 'RepClient', 'RepVipLead'] },
    };
    for (const [role, { count, names }] of Object.entries(expected) as [FixtureUser, { count: number; names: string[] }][]) {
      const segment = (await segmentsOf(role, '&withCounts=true')).find((item) => item.id === shared.id)!;
      expect([role, segment.count]).toEqual([role, count]);
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(segment.filter)) for (const item of [value].flat()) query.append(key, String(item));
      expect([role, await contacts(role, query.toString())]).toEqual([role, names]);
    }
    expect((await segmentsOf('rep', '&withCounts=true')).map((segment) => [segment.name, segment.count])).toEqual([
      ['My leads', 2],
      ['North VIPs', 2],
    ]);
    // Without withCounts there are no counts to compute.
    expect((await segmentsOf('rep'))[0]).not.toHaveProperty('count');
  });

  it('validates a filter with the list\'s own rules, custom field filters included', async () => {
    const invalid = await save('rep', { name: 'Bad', filter: { status: ['vip'], createdFrom: 'yesterday', ownerId: 'me', nonsense: 1 } }).expect(400);
    expect(fieldErrors(invalid.body)).toEqual({
      'filter.status': 'isIn',
      'filter.createdFrom': 'isIso8601',
      'filter.ownerId': 'isUuid',
      'filter.nonsense': 'whitelistValidation',
    });
    const paging = await save('rep', { name: 'Paged', filter: { limit: 10, sort: 'fullName', deleted: 'only' } }).expect(400);
    expect(fieldErrors(paging.body)).toEqual({ 'filter.limit': 'notAllowed', 'filter.sort': 'notAllowed', 'filter.deleted': 'notAllowed' });
    const unknownField = await save('rep', { name: 'Custom', filter: { cf: ['budget:gt:10'] } }).expect(400);
    expect(fieldErrors(unknownField.body)).toEqual({ 'filter.cf': 'unknownField' });
    await save('rep', { name: 'No filter' }).expect(400);
    await save('rep', { name: '', filter: {}, visibility: 'public' }).expect(400);
  });

  it('filters by tag match, team, lead source and inactivity, as segments need', async () => {
    expect(await contacts('head', 'q=seg&tag=vip&tag=cold')).toEqual(['RepClient']);
    expect(await contacts('head', 'q=seg&tag=vip&tag=cold&tagMatch=any')).toEqual(['HeadVip', 'Rep2Vip', 'RepClient', 'RepLead', 'RepVipLead']);
    expect(await contacts('admin', `q=seg&teamId=${t.teams.South}`)).toEqual(['SouthVip']);
    expect(await contacts('admin', 'q=seg&leadSource=WEBSITE')).toEqual(['Rep2Vip', 'RepVipLead']);
    await t.query(`UPDATE contacts SET updated_at = now() - interval '40 days' WHERE last_name IN ('RepLead', 'SouthVip')`);
    expect(await contacts('admin', 'q=seg&noActivityDays=30')).toEqual(['RepLead', 'SouthVip']);
    // A note is activity, though it leaves the contact's own row alone; an old note is not.
    const [{ id: southVip }] = (await t.query(`SELECT id FROM contacts WHERE last_name = 'SouthVip'`)) as { id: string }[];
    await t.http.post(`/api/v1/contacts/${southVip}/notes`).set('authorization', t.auth('admin')).send({ body: 'Called, will order in spring' }).expect(201);
    expect(await contacts('admin', 'q=seg&noActivityDays=30')).toEqual(['RepLead']);
    await t.query(`UPDATE notes SET created_at = now() - interval '35 days' WHERE entity_id = $1`, [southVip]);
    expect(await contacts('admin', 'q=seg&noActivityDays=30')).toEqual(['RepLead', 'SouthVip']);
    const invalid = await t.http.get('/api/v1/contacts?tagMatch=some&noActivityDays=0&teamId=x').set('authorization', t.auth('admin')).expect(400);
    expect(Object.keys(fieldErrors(invalid.body)).sort()).toEqual(['noActivityDays', 'tagMatch', 'teamId']);

    const stale = (await save('head', { name: 'Stale', visibility: 'team', filter: { noActivityDays: '30', tag: ['cold'], tagMatch: 'any' } }).expect(201)).body as Segment;
    expect(stale.filter).toEqual({ noActivityDays: 30, tag: ['cold'], tagMatch: 'any' });
    expect((await segmentsOf('rep', '&withCounts=true')).find((segment) => segment.id === stale.id)!.count).toBe(1);
  });

  it('lets only the owner change or delete a segment, with the version read', async () => {
    await t.http.patch(`/api/v1/segments/${shared.id}`).set('authorization', t.auth('rep2')).send({ version: 1, name: 'Mine now' }).expect(404);
    await t.http.delete(`/api/v1/segments/${shared.id}`).set('authorization', t.auth('head')).expect(404);
    await t.http.patch(`/api/v1/segments/${shared.id}`).set('authorization', t.auth('rep')).send({ name: 'No version' }).expect(428);

    const renamed = await t.http
      .patch(`/api/v1/segments/${shared.id}`)
      .set('authorization', t.auth('rep'))
      .send({ version: 1, name: 'North VIP leads', visibility: 'private', filter: { tag: ['vip'], status: ['lead'], q: 'seg' } })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'North VIP leads', visibility: 'private', version: 2, filter: { tag: ['vip'], status: ['lead'], q: 'seg' } });
    expect(renamed.headers.etag).toBe('"2"');
    expect((await segmentsOf('rep2')).map((segment) => segment.name)).not.toContain('North VIP leads');
    await t.http.patch(`/api/v1/segments/${shared.id}`).set('authorization', t.auth('rep')).send({ version: 1, name: 'Stale' }).expect(409);
    const badFilter = await t.http.patch(`/api/v1/segments/${shared.id}`).set('authorization', t.auth('rep')).send({ version: 2, filter: { status: 'vip' } }).expect(400);
    expect(fieldErrors(badFilter.body)).toEqual({ 'filter.status': 'isIn' });

    await t.http.delete(`/api/v1/segments/${mine.id}`).set('authorization', t.auth('rep')).expect(204);
    await t.http.delete(`/api/v1/segments/${mine.id}`).set('authorization', t.auth('rep')).expect(404);
  });

  it('counts null for a segment whose custom field was deleted', async () => {
    const field = (
      await t.http
        .post('/api/v1/custom-fields')
        .set('authorization', t.auth('admin'))
        .send({ entity: 'contact', key: 'score', type: 'number', labels: { en: 'Score' } })
        .expect(201)
    ).body;
    const scored = (await save('rep', { name: 'High score', filter: { cf: 'score:gt:5' } }).expect(201)).body as Segment;
    expect((await segmentsOf('rep', '&withCounts=true')).find((segment) => segment.id === scored.id)!.count).toBe(0);
    await t.http.delete(`/api/v1/custom-fields/${field.id}`).set('authorization', t.auth('admin')).expect(204);
    expect((await segmentsOf('rep', '&withCounts=true')).find((segment) => segment.id === scored.id)!.count).toBeNull();
  });
});

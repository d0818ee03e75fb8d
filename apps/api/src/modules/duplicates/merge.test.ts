import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Record {
  id: string;
  version: number;
  [field: string]: unknown;
}

describe('merge', () => {
  let t: TestApp;

  const create = async (as: FixtureUser, path: 'contacts' | 'companies', body: { [field: string]: unknown }): Promise<Record> =>
    (await t.http.post(`/api/v1/${path}?force=true`).set('authorization', t.auth(as)).send(body).expect(201)).body;
  const merge = (as: FixtureUser, path: 'contacts' | 'companies', id: string, body: { [field: string]: unknown }) =>
    t.http.post(`/api/v1/${path}/${id}/merge`).set('authorization', t.auth(as)).send(body);
  const row = async (table: string, id: string) => (await t.query<{ deleted_at: Date | null; version: number }>(`SELECT * FROM ${table} WHERE id = $1`, [id]))[0]!;
  const audit = async (id: string) =>
    t.query<{ action: string; changes: { [field: string]: { from: unknown; to: unknown } } }>('SELECT action, changes FROM audit_log WHERE entity_id = $1 ORDER BY id', [id]);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('merges a company: fills the gaps, joins contact points and tags, moves its contacts and trashes it, with audit', async () => {
    const kept = await create('rep', 'companies', { name: 'Baltic Timber', phones: [{ type: 'work', value: '+371 6700 0001' }], tags: ['wood'] });
    const gone = await create('rep', 'companies', {
      name: 'Baltic Timber SIA',
      legalName: 'SIA Baltic Timber',
      taxId: 'LV 4000 3245 752',
      phones: [{ type: 'work', value: '67000001' }, { type: 'fax', value: '+371 6700 0002' }],
      emails: [{ type: 'work', value: 'office@timber.example' }],
      tags: ['wood', 'export'],
    });
    const employees = await Promise.all(['Anna', 'Jānis'].map((firstName) => create('rep', 'contacts', { firstName, lastName: 'Worker', companyId: gone.id })));
    const bystander = await create('rep', 'contacts', { firstName: 'Other', lastName: 'Worker', companyId: kept.id });

    const response = await merge('rep', 'companies', kept.id, { sourceId: gone.id, version: kept.version }).expect(200);
    expect(response.headers.etag).toBe(`"${kept.version + 1}"`);
    expect(response.body).toMatchObject({
      id: kept.id,
      name: 'Baltic Timber',
      legalName: 'SIA Baltic Timber',
      taxId: 'LV 4000 3245 752',
      phones: [{ type: 'work', value: '+371 6700 0001' }, { type: 'fax', value: '+371 6700 0002' }],
      emails: [{ type: 'work', value: 'office@timber.example' }],
      tags: ['wood', 'export'],
      version: kept.version + 1,
      deletedAt: null,
    });

    const moved = await t.query<{ company_id: string }>('SELECT company_id FROM contacts WHERE id = ANY($1)', [[...employees, bystander].map((contact) => contact.id)]);
    expect(moved.map((contact) => contact.company_id)).toEqual([kept.id, kept.id, kept.id]);
    expect((await row('companies', gone.id)).deleted_at).not.toBeNull();
    await t.http.get(`/api/v1/companies/${gone.id}`).set('authorization', t.auth('rep')).expect(404);
    // The keys follow the merged values: the company is found by the tax id and the fax it took over.
    const stored = await t.query<{ tax_id_normalized: string; phones_normalized: string[] }>('SELECT tax_id_normalized, phones_normalized FROM companies WHERE id = $1', [kept.id]);
    expect(stored[0]).toEqual({ tax_id_normalized: 'LV40003245752', phones_normalized: ['+37167000001', '+37167000002'] });
    const found = await t.http.get('/api/v1/search?q=67000002').set('authorization', t.auth('rep')).expect(200);
    expect(found.body.items.map((hit: { id: string }) => hit.id)).toEqual([kept.id]);

    const [, mergeEntry] = await audit(kept.id);
    expect(mergeEntry).toMatchObject({
      action: 'merge',
      changes: {
        mergedFrom: { from: null, to: gone.id },
        legalName: { from: null, to: 'SIA Baltic Timber' },
        tags: { from: ['wood'], to: ['wood', 'export'] },
      },
    });
    const [, deleteEntry] = await audit(gone.id);
    expect(deleteEntry).toMatchObject({ action: 'delete', changes: { mergedInto: { from: null, to: kept.id }, deletedAt: { from: null, to: expect.any(String) } } });
    // Both show in the records' own history.
    const history = await t.http.get(`/api/v1/audit?entity=company&id=${kept.id}`).set('authorization', t.auth('rep')).expect(200);
    expect(history.body.items[0].action).toBe('merge');
  });

  it('merges contacts: the one that stays keeps its values and takes the missing ones', async () => {
    const kept = await create('rep', 'contacts', { firstName: 'Ivan', lastName: 'Ivanov', status: 'client', emails: [{ type: 'work', value: 'ivan@work.example' }] });
    const gone = await create('rep', 'contacts', {
      firstName: 'Ivan',
      middleName: 'Petrovich',
      lastName: 'Ivanovs',
      position: 'CEO',
      status: 'lead',
      emails: [{ type: 'personal', value: 'IVAN@work.example' }, { type: 'personal', value: 'ivan@home.example' }],
    });
    const note = (await t.http.post(`/api/v1/contacts/${gone.id}/notes`).set('authorization', t.auth('rep')).send({ body: 'Met at the fair' }).expect(201)).body;
    const merged = (await merge('rep', 'contacts', kept.id, { sourceId: gone.id }).expect(200)).body;
    expect(merged).toMatchObject({
      lastName: 'Ivanov',
      middleName: 'Petrovich',
      position: 'CEO',
      status: 'client',
      emails: [{ type: 'work', value: 'ivan@work.example' }, { type: 'personal', value: 'ivan@home.example' }],
    });
    expect((await row('contacts', gone.id)).deleted_at).not.toBeNull();
    // Notes are links too (RECORD_LINKS): the one on the trashed contact now hangs off the one that stays.
    expect(await t.query('SELECT entity, entity_id FROM notes WHERE id = $1', [note.id])).toEqual([{ entity: 'contact', entity_id: kept.id }]);
  });

  it('needs update rights on the one that stays and delete rights on the other, and changes nothing otherwise', async () => {
    const own = await create('rep', 'contacts', { lastName: 'Mine' });
    const ownToo = await create('rep', 'contacts', { lastName: 'Mine too' });
    const foreign = await create('repSouth', 'contacts', { lastName: 'Theirs' });
    const teamMate = await create('rep2', 'contacts', { lastName: 'Team mate' });

    for (const [as, target, source] of [
      ['rep', own, foreign],
      ['rep', foreign, own],
      ['rep', own, teamMate],
      ['repSouth', own, foreign],
    ] as [FixtureUser, Record, Record][]) {
      const response = await merge(as, 'contacts', target.id, { sourceId: source.id }).expect(404);
      expect(response.body.code).toBe('record_not_found');
      expect(JSON.stringify(response.body)).not.toMatch(/Mine|Theirs|Team mate/);
    }
    // Operators may update their own contacts but delete none; analysts may update none.
    const operatorOwn = await create('operator', 'contacts', { lastName: 'Operator' });
    expect((await merge('operator', 'contacts', operatorOwn.id, { sourceId: own.id }).expect(403)).body.code).toBe('permission_denied');
    await merge('analyst', 'contacts', own.id, { sourceId: ownToo.id }).expect(403);

    for (const contact of [own, ownToo, foreign, teamMate, operatorOwn]) {
      expect(await row('contacts', contact.id)).toMatchObject({ deleted_at: null, version: 1 });
    }
    expect(await t.query(`SELECT 1 FROM audit_log WHERE action = 'merge' AND entity_id = ANY($1)`, [[own.id, foreign.id, teamMate.id, operatorOwn.id]])).toEqual([]);

    // The head of the team may merge its reps' contacts.
    await merge('head', 'contacts', own.id, { sourceId: teamMate.id }).expect(200);
  });

  it('refuses a stale version, the same record twice, a trashed source and bad input', async () => {
    const kept = await create('rep', 'contacts', { lastName: 'Kept' });
    const gone = await create('rep', 'contacts', { lastName: 'Gone' });
    expect((await merge('rep', 'contacts', kept.id, { sourceId: gone.id, version: 7 }).expect(409)).body).toMatchObject({ code: 'version_conflict', currentVersion: 1 });
    expect((await merge('rep', 'contacts', kept.id, { sourceId: kept.id }).expect(400)).body.errors[0]).toMatchObject({ field: 'sourceId', codes: ['sameRecord'] });
    expect((await merge('rep', 'contacts', kept.id, { sourceId: 'nope' }).expect(400)).body.errors[0].field).toBe('sourceId');
    expect((await merge('rep', 'contacts', kept.id, {}).expect(400)).body.errors[0].field).toBe('sourceId');
    expect((await merge('rep', 'contacts', kept.id, { sourceId: gone.id, keep: 'all' }).expect(400)).body.errors[0].field).toBe('keep');
    await t.http.delete(`/api/v1/contacts/${gone.id}`).set('authorization', t.auth('rep')).expect(204);
    await merge('rep', 'contacts', kept.id, { sourceId: gone.id }).expect(404);
    expect(await row('contacts', kept.id)).toMatchObject({ version: 1 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Contact {
  id: string;
  lastName: string;
  ownerId: string;
  version: number;
  [field: string]: unknown;
}

describe('contacts', () => {
  let t: TestApp;
  /** One contact per owner, named after the owner. */
  const owned = {} as Record<'rep' | 'rep2' | 'repSouth' | 'head', Contact>;

  const create = (as: FixtureUser, body: Record<string, unknown>) =>
    t.http.post('/api/v1/contacts').set('authorization', t.auth(as)).send(body);
  const get = (as: FixtureUser, id: string) => t.http.get(`/api/v1/contacts/${id}`).set('authorization', t.auth(as));
  const list = (as: FixtureUser, query = '') => t.http.get(`/api/v1/contacts?limit=200${query}`).set('authorization', t.auth(as));
  const lastNames = (body: { items: Contact[] }) => body.items.map((item) => item.lastName).sort();

  beforeAll(async () => {
    t = await startTestApp();
    for (const owner of ['rep', 'rep2', 'repSouth', 'head'] as const) {
      const response = await create(owner, {
        firstName: 'Owned',
        lastName: owner,
        emails: [{ type: 'work', value: `${owner}@client.example` }],
        tags: ['Owned-By', owner],
        status: owner === 'head' ? 'client' : 'lead',
      }).expect(201);
      owned[owner] = response.body;
    }
  });
  afterAll(() => t.close());

  describe('permission matrix', () => {
    const cases: { role: FixtureUser; sees: string[]; updates: string[]; deletes: string[]; creates: boolean }[] = [
      { role: 'admin', sees: ['head', 'rep', 'rep2', 'repSouth'], updates: ['rep'], deletes: ['rep2'], creates: true },
      { role: 'head', sees: ['head', 'rep', 'rep2'], updates: ['rep'], deletes: [], creates: true },
      { role: 'rep', sees: ['rep'], updates: ['rep'], deletes: [], creates: true },
      { role: 'repSouth', sees: ['repSouth'], updates: ['repSouth'], deletes: [], creates: true },
      { role: 'operator', sees: ['head', 'rep', 'rep2', 'repSouth'], updates: [], deletes: [], creates: true },
      { role: 'analyst', sees: ['head', 'rep', 'rep2', 'repSouth'], updates: [], deletes: [], creates: false },
    ];

    it.each(cases)('$role lists exactly the contacts its level reaches', async ({ role, sees }) => {
      const response = await list(role, '&q=owned').expect(200);
      expect(lastNames(response.body)).toEqual(sees.sort());
    });

    it.each(cases)('$role reads reachable contacts and gets 404 for the rest', async ({ role, sees }) => {
      for (const [owner, contact] of Object.entries(owned)) {
        const response = await get(role, contact.id);
        expect([owner, response.status]).toEqual([owner, sees.includes(owner) ? 200 : 404]);
        if (response.status === 404) {
          expect(response.body.code).toBe('record_not_found');
          expect(JSON.stringify(response.body)).not.toContain(owner + '@client');
        }
      }
    });

    it.each(cases)('$role cannot change contacts outside its update level, and nothing changes', async ({ role }) => {
      const matrix = (await t.http.get('/api/v1/auth/me').set('authorization', t.auth(role))).body.permissions.contact;
      for (const contact of Object.values(owned)) {
        const before = (await t.query<{ position: string | null; version: number }>('SELECT position, version FROM contacts WHERE id = $1', [contact.id]))[0]!;
        const response = await t.http
          .patch(`/api/v1/contacts/${contact.id}`)
          .set('authorization', t.auth(role))
          .send({ position: `changed by ${role}`, version: before.version });
        const reachable =
          matrix.update === 'all' ||
          (matrix.update === 'own' && contact.ownerId === t.users[role].id) ||
          (matrix.update === 'team' && [t.users.rep.id, t.users.rep2.id, t.users.head.id].includes(contact.ownerId) && t.users[role].teamId === t.teams.North);
        if (matrix.update === 'none') expect(response.status).toBe(403);
        else expect(response.status).toBe(reachable ? 200 : 404);
        const after = (await t.query<{ position: string | null }>('SELECT position FROM contacts WHERE id = $1', [contact.id]))[0]!;
        expect(after.position).toBe(reachable ? `changed by ${role}` : before.position);
        if (reachable) {
          // Put it back for the next role.
          await t.query('UPDATE contacts SET position = $2 WHERE id = $1', [contact.id, before.position]);
        }
      }
    });

    it.each(cases)('$role may create contacts: $creates', async ({ role, creates }) => {
      const response = await create(role, { lastName: `created by ${role}` });
      expect(response.status).toBe(creates ? 201 : 403);
      if (creates) expect(response.body.ownerId).toBe(t.users[role].id);
      else expect(response.body.code).toBe('permission_denied');
    });

    it('refuses deletes outside the delete level with 404 or 403 and keeps the record', async () => {
      await t.http.delete(`/api/v1/contacts/${owned.rep2.id}`).set('authorization', t.auth('rep')).expect(404);
      await t.http.delete(`/api/v1/contacts/${owned.rep2.id}`).set('authorization', t.auth('repSouth')).expect(404);
      await t.http.delete(`/api/v1/contacts/${owned.rep2.id}`).set('authorization', t.auth('operator')).expect(403);
      await t.http.delete(`/api/v1/contacts/${owned.rep2.id}`).set('authorization', t.auth('analyst')).expect(403);
      await t.http.delete(`/api/v1/contacts/${owned.rep2.id}`).set('authorization', t.auth('headSouth')).expect(404);
      const [row] = await t.query<{ deleted_at: Date | null }>('SELECT deleted_at FROM contacts WHERE id = $1', [owned.rep2.id]);
      expect(row!.deleted_at).toBeNull();
    });

    it('lets an owner hand a record over only within the update level on both sides', async () => {
      const mine = (await create('rep', { lastName: 'Handover' }).expect(201)).body as Contact;
      // A rep may own records only themselves.
      const refused = await t.http.patch(`/api/v1/contacts/${mine.id}`).set('authorization', t.auth('rep')).send({ ownerId: t.users.rep2.id, version: 1 }).expect(403);
      expect(refused.body.code).toBe('owner_not_allowed');
      // The head may move it within the team, not to the other team.
      await t.http.patch(`/api/v1/contacts/${mine.id}`).set('authorization', t.auth('head')).send({ ownerId: t.users.repSouth.id, version: 1 }).expect(403);
      const moved = await t.http.patch(`/api/v1/contacts/${mine.id}`).set('authorization', t.auth('head')).send({ ownerId: t.users.rep2.id, version: 1 }).expect(200);
      expect(moved.body.ownerId).toBe(t.users.rep2.id);
      await get('rep', mine.id).expect(404);
      await get('rep2', mine.id).expect(200);
      // Creating on behalf of someone follows the create level the same way.
      await create('rep', { lastName: 'For someone else', ownerId: t.users.rep2.id }).expect(403);
      const forRep = await create('operator', { lastName: 'Lead for rep', ownerId: t.users.repSouth.id }).expect(201);
      expect(forRep.body.ownerId).toBe(t.users.repSouth.id);
    });
  });

  describe('validation', () => {
    it('lists every invalid field in one problem+json answer', async () => {
      const response = await create('rep', {
        lastName: 'x'.repeat(101),
        emails: [{ type: 'work', value: 'not-an-email' }, { type: 'pager', value: 'a@b.co' }],
        phones: [{ type: 'mobile', value: 'call me' }],
        status: 'vip',
        tags: 'vip',
        address: { country: 'Latvia' },
        ownerId: 'someone',
        unknownField: true,
      }).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'validation_failed', type: 'urn:crm:problem:validation_failed' });
      const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
      expect(fields).toEqual(
        ['address.country', 'emails[0].value', 'emails[1].type', 'lastName', 'ownerId', 'phones[0].value', 'status', 'tags', 'unknownField'].sort(),
      );
      expect(await t.query(`SELECT 1 FROM contacts WHERE last_name LIKE 'xxx%'`)).toHaveLength(0);
    });

    it('stores normalized keys beside the typed emails and phones', async () => {
      const contact = (
        await create('rep', { lastName: 'Keys', emails: [{ type: 'work', value: 'Keys@Example.COM' }], phones: [{ type: 'mobile', value: '26 123 456' }, { type: 'work', value: '+7 (912) 345-67-89' }] }).expect(201)
      ).body as Contact;
      const [row] = await t.query('SELECT emails_normalized, phones_normalized FROM contacts WHERE id = $1', [contact.id]);
      expect(row).toEqual({ emails_normalized: ['keys@example.com'], phones_normalized: ['+37126123456', '+79123456789'] });
      await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).send({ phones: null, version: 1 }).expect(200);
      const [after] = await t.query('SELECT phones, phones_normalized FROM contacts WHERE id = $1', [contact.id]);
      expect(after).toEqual({ phones: [], phones_normalized: [] });
    });

    it('needs a first or a last name', async () => {
      const response = await create('rep', { position: 'Nameless' }).expect(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['firstName', 'lastName']);
    });

    it('answers 400 for a malformed id, a bad filter, a bad cursor and malformed JSON', async () => {
      expect((await get('rep', 'not-a-uuid').expect(400)).body.errors[0].field).toBe('id');
      expect((await list('rep', '&limit=500').expect(400)).body.errors[0].field).toBe('limit');
      expect((await list('rep', '&sort=password').expect(400)).body.errors[0].field).toBe('sort');
      expect((await list('rep', '&status=vip').expect(400)).body.errors[0].field).toBe('status');
      expect((await list('rep', '&createdFrom=yesterday').expect(400)).body.errors[0].field).toBe('createdFrom');
      expect((await list('rep', '&cursor=garbage').expect(400)).body.code).toBe('invalid_cursor');
      const malformed = await t.http
        .post('/api/v1/contacts')
        .set('authorization', t.auth('rep'))
        .set('content-type', 'application/json')
        .send('{"lastName": ')
        .expect(400);
      expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('refuses a company the actor cannot see', async () => {
      const company = (await t.http.post('/api/v1/companies').set('authorization', t.auth('repSouth')).send({ name: 'South Ltd' }).expect(201)).body;
      const response = await create('rep', { lastName: 'Employee', companyId: company.id }).expect(400);
      expect(response.body.code).toBe('reference_not_found');
      const linked = await create('repSouth', { lastName: 'Employee', companyId: company.id }).expect(201);
      expect(linked.body.companyId).toBe(company.id);
    });
  });

  describe('optimistic concurrency', () => {
    it('answers 409 to a stale version, by body or If-Match, and 428 without one', async () => {
      const contact = (await create('rep', { lastName: 'Versioned' }).expect(201)).body as Contact;
      const read = await get('rep', contact.id).expect(200);
      expect(read.headers.etag).toBe('"1"');

      const first = await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).send({ position: 'CEO', version: 1 }).expect(200);
      expect(first.body.version).toBe(2);

      const stale = await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).send({ position: 'CTO', version: 1 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
      await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).set('if-match', '"1"').send({ position: 'CTO' }).expect(409);
      expect((await get('rep', contact.id)).body.position).toBe('CEO');

      const missing = await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).send({ position: 'CTO' }).expect(428);
      expect(missing.body.code).toBe('version_required');
      await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).set('if-match', '"2"').send({ position: 'CTO' }).expect(200);
    });

    it('lets only one of two concurrent updates of one version win', async () => {
      const contact = (await create('rep', { lastName: 'Race' }).expect(201)).body as Contact;
      const results = await Promise.all(
        ['A', 'B'].map((position) =>
          t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).send({ position, version: 1 }),
        ),
      );
      expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    });
  });

  describe('soft delete, restore and audit', () => {
    it('keeps field-level history of create, update, delete and restore', async () => {
      const contact = (await create('rep', { firstName: 'Audit', lastName: 'Trail', tags: ['a'] }).expect(201)).body as Contact;
      await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).set('x-request-id', 'req-audit-1').send({ lastName: 'Trails', tags: ['a', 'b'], version: 1 }).expect(200);
      await t.http.delete(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).expect(204);
      await get('rep', contact.id).expect(404);
      const trash = await list('rep', '&deleted=only').expect(200);
      expect(trash.body.items.map((item: Contact) => item.id)).toContain(contact.id);
      const restored = await t.http.post(`/api/v1/contacts/${contact.id}/restore`).set('authorization', t.auth('rep')).expect(200);
      expect(restored.body.deletedAt).toBeNull();

      const audit = await t.http.get(`/api/v1/audit?entity=contact&id=${contact.id}`).set('authorization', t.auth('rep')).expect(200);
      const entries = audit.body.items;
      expect(entries.map((entry: { action: string }) => entry.action)).toEqual(['restore', 'delete', 'update', 'create']);
      expect(entries[2]).toMatchObject({
        actorUserId: t.users.rep.id,
        requestId: 'req-audit-1',
        changes: { lastName: { from: 'Trail', to: 'Trails' }, fullName: { from: 'Audit Trail', to: 'Audit Trails' }, tags: { from: ['a'], to: ['a', 'b'] } },
      });
      expect(Object.keys(entries[2].changes).sort()).toEqual(['fullName', 'lastName', 'tags']);
      expect(entries[3].changes.lastName).toEqual({ from: null, to: 'Trail' });
      expect(entries[1].changes.deletedAt.from).toBeNull();
      expect(entries[1].changes.deletedAt.to).toEqual(expect.any(String));

      // History follows the record's own read permission.
      await t.http.get(`/api/v1/audit?entity=contact&id=${contact.id}`).set('authorization', t.auth('rep2')).expect(404);
      await t.http.get(`/api/v1/audit?entity=contact&id=${contact.id}`).set('authorization', t.auth('head')).expect(200);
      await t.http.get(`/api/v1/audit?entity=report&id=${contact.id}`).set('authorization', t.auth('admin')).expect(400);
    });

    it('writes no audit entry when a write fails', async () => {
      const contact = (await create('rep', { lastName: 'Atomic' }).expect(201)).body as Contact;
      await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).send({ position: 'X', version: 7 }).expect(409);
      const entries = await t.query('SELECT action FROM audit_log WHERE entity_id = $1', [contact.id]);
      expect(entries).toEqual([{ action: 'create' }]);
    });
  });

  describe('lists', () => {
    beforeAll(async () => {
      const names = ['Zeta', 'Alpha', 'Mike', 'Bravo', 'Echo', 'Kilo', 'Lima'];
      for (const [index, name] of names.entries()) {
        await create('rep2', {
          firstName: 'Sorted',
          lastName: name,
          tags: index % 2 ? ['even'] : ['odd'],
          status: index % 3 ? 'prospect' : 'partner',
          phones: [{ type: 'mobile', value: `+371 2000 00${index}${index}` }],
        }).expect(201);
      }
    });

    it('pages through a sorted list with a cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Contact[]; nextCursor: string | null } } = await t.http
          .get(`/api/v1/contacts?q=sorted&sort=fullName&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
          .set('authorization', t.auth('rep2'))
          .expect(200);
        seen.push(...page.body.items.map((item) => item.lastName));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['Alpha', 'Bravo', 'Echo', 'Kilo', 'Lima', 'Mike', 'Zeta']);
    });

    it('sorts by several fields in mixed directions', async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Contact[]; nextCursor: string | null } } = await t.http
          .get(`/api/v1/contacts?q=sorted&sort=-status,fullName&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set('authorization', t.auth('rep2'))
          .expect(200);
        all.push(...page.body.items.map((item) => `${item.status}:${item.lastName}`));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(all).toEqual(['prospect:Alpha', 'prospect:Echo', 'prospect:Kilo', 'prospect:Mike', 'partner:Bravo', 'partner:Lima', 'partner:Zeta']);
    });

    it('filters by tag, status, owner, created range and text', async () => {
      const byTag = await list('rep2', '&q=sorted&tag=even').expect(200);
      expect(lastNames(byTag.body)).toEqual(['Alpha', 'Bravo', 'Kilo']);
      const byTags = await list('admin', '&tag=owned-by&tag=rep2').expect(200);
      expect(lastNames(byTags.body)).toEqual(['rep2']);
      const byStatus = await list('rep2', '&q=sorted&status=partner').expect(200);
      expect(lastNames(byStatus.body)).toEqual(['Bravo', 'Lima', 'Zeta']);
      const byOwner = await list('admin', `&q=owned&ownerId=${t.users.repSouth.id}&ownerId=${t.users.head.id}`).expect(200);
      expect(lastNames(byOwner.body)).toEqual(['head', 'repSouth']);
      const future = await list('rep2', `&createdFrom=${new Date(Date.now() + 60_000).toISOString()}`).expect(200);
      expect(future.body.items).toEqual([]);
      const past = await list('rep2', `&q=sorted&createdTo=${new Date(Date.now() + 60_000).toISOString()}`).expect(200);
      expect(past.body.items).toHaveLength(7);
      const byEmail = await list('admin', '&q=REPSOUTH@client').expect(200);
      expect(lastNames(byEmail.body)).toEqual(['repSouth']);
      const byPhone = await list('rep2', '&q=2000 0044').expect(200);
      expect(lastNames(byPhone.body)).toEqual(['Echo']);
      const wildcard = await list('rep2', '&q=%25').expect(200);
      expect(wildcard.body.items).toEqual([]);
    });
  });
});

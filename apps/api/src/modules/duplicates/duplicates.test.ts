import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { DuplicatesService } from './duplicates.service.js';

interface Pair {
  first: { id: string; title: string };
  second: { id: string; title: string };
  reasons: string[];
}

describe('duplicates', () => {
  let t: TestApp;

  const post = (as: FixtureUser, path: 'contacts' | 'companies', body: Record<string, unknown>, query = '') =>
    t.http.post(`/api/v1/${path}${query}`).set('authorization', t.auth(as)).send(body);
  const create = async (as: FixtureUser, path: 'contacts' | 'companies', body: Record<string, unknown>) =>
    (await post(as, path, body, '?force=true').expect(201)).body as { id: string; version: number };
  const count = async (sql: string, params: unknown[]) => (await t.query(sql, params)).length;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('on create and update', () => {
    let anna: { id: string; version: number };

    beforeAll(async () => {
      anna = (await post('rep', 'contacts', { firstName: 'Anna', lastName: 'Kalniņa', emails: [{ type: 'work', value: 'anna@dup.example' }], phones: [{ type: 'mobile', value: '+371 2900 0001' }] }).expect(201)).body;
    });

    it('answers 409 with the candidates when an email or a phone is taken, however it is written', async () => {
      const byEmail = await post('rep', 'contacts', { lastName: 'Again', emails: [{ type: 'personal', value: ' ANNA@dup.example ' }] }).expect(409);
      expect(byEmail.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(byEmail.body).toMatchObject({
        code: 'duplicate_suspected',
        candidates: [{ kind: 'contact', id: anna.id, title: 'Anna Kalniņa', matched: [{ field: 'email', value: 'anna@dup.example' }] }],
        hiddenCount: 0,
      });
      const byPhone = await post('rep', 'contacts', { lastName: 'Again', phones: [{ type: 'work', value: '29000001' }] }).expect(409);
      expect(byPhone.body.candidates[0].matched).toEqual([{ field: 'phone', value: '+37129000001' }]);
      expect(await count(`SELECT 1 FROM contacts WHERE last_name = 'Again'`, [])).toBe(0);
    });

    it('creates it anyway with force=true', async () => {
      const forced = await post('rep', 'contacts', { lastName: 'Twin', emails: [{ type: 'work', value: 'anna@dup.example' }] }, '?force=true').expect(201);
      expect(forced.body.lastName).toBe('Twin');
      await post('rep', 'contacts', { lastName: 'Other' }, '?force=maybe').expect(400);
      await post('rep', 'contacts', { lastName: 'Other' }, '?forced=true').expect(400);
    });

    it('only counts candidates the actor may not read, without naming them', async () => {
      const response = await post('repSouth', 'contacts', { lastName: 'Southern', emails: [{ type: 'work', value: 'anna@dup.example' }] }).expect(409);
      expect(response.body).toMatchObject({ code: 'duplicate_suspected', candidates: [], hiddenCount: 2 });
      expect(JSON.stringify(response.body)).not.toContain('Kalni');
      // The head of team North reads both.
      expect((await post('head', 'contacts', { lastName: 'North', emails: [{ type: 'work', value: 'anna@dup.example' }] }).expect(409)).body.candidates).toHaveLength(2);
    });

    it('checks companies by tax id too', async () => {
      const company = await create('rep', 'companies', { name: 'Dup Holdings', taxId: 'LV 4000 111 222' });
      const response = await post('rep', 'companies', { name: 'Dup Holdings AS', taxId: 'lv4000-111-222' }).expect(409);
      expect(response.body.candidates).toEqual([{ kind: 'company', id: company.id, title: 'Dup Holdings', matched: [{ field: 'taxId', value: 'LV4000111222' }] }]);
    });

    it('checks an update that adds a taken key, but not one that keeps known keys', async () => {
      const other = await create('rep', 'contacts', { lastName: 'Editor', emails: [{ type: 'work', value: 'editor@dup.example' }] });
      const patch = (body: Record<string, unknown>, query = '') =>
        t.http.patch(`/api/v1/contacts/${other.id}${query}`).set('authorization', t.auth('rep')).send(body);
      const taken = await patch({ version: other.version, phones: [{ type: 'mobile', value: '+37129000001' }] }).expect(409);
      expect(taken.body.candidates.map((candidate: { id: string }) => candidate.id)).toEqual([anna.id]);
      const forced = await patch({ version: other.version, phones: [{ type: 'mobile', value: '+37129000001' }] }, '?force=true').expect(200);
      // The form sends every field again: the phone it shares already with Anna asks nothing now.
      await patch({ version: forced.body.version, position: 'Editor', phones: [{ type: 'mobile', value: '+371 2900 0001' }], emails: forced.body.emails }).expect(200);
    });

    it('answers 404, not 409, for an update out of reach', async () => {
      const response = await t.http
        .patch(`/api/v1/contacts/${anna.id}`)
        .set('authorization', t.auth('rep2'))
        .send({ version: 1, emails: [{ type: 'work', value: 'anna@dup.example' }, { type: 'work', value: 'editor@dup.example' }] })
        .expect(404);
      expect(response.body.code).toBe('record_not_found');
    });

    it('ignores records in the trash', async () => {
      const gone = await create('rep', 'contacts', { lastName: 'Gone', emails: [{ type: 'work', value: 'gone@dup.example' }] });
      await t.http.delete(`/api/v1/contacts/${gone.id}`).set('authorization', t.auth('rep')).expect(204);
      await post('rep', 'contacts', { lastName: 'Back', emails: [{ type: 'work', value: 'gone@dup.example' }] }).expect(201);
    });
  });

  describe('lookup for imports', () => {
    it('finds the candidates of many key sets in one call, per input, leaving out the record itself', async () => {
      const service = t.app.get(DuplicatesService);
      const actor = { kind: 'user' as const, userId: t.users.admin.id, teamId: null, roleId: t.users.admin.roleId, permissions: (await t.http.get('/api/v1/auth/me').set('authorization', t.auth('admin'))).body.permissions, apiKeyId: null, requestId: 'test' };
      const one = await create('rep', 'contacts', { lastName: 'Batch', emails: [{ type: 'work', value: 'batch@dup.example' }], phones: [{ type: 'mobile', value: '+37129000777' }] });
      const found = await service.findDuplicatesMany(actor, 'contact', [
        { keys: { emailsNormalized: ['batch@dup.example'] } },
        { keys: { emailsNormalized: ['nobody@dup.example'], phonesNormalized: ['+37129000777'] } },
        { keys: { emailsNormalized: ['batch@dup.example'] }, excludeId: one.id },
        { keys: {} },
      ]);
      expect(found.map((candidates) => candidates.map((candidate) => candidate.id))).toEqual([[one.id], [one.id], [], []]);
      expect(found[1]![0]).toMatchObject({ title: 'Batch', readable: true, ownerId: t.users.rep.id, matched: [{ field: 'phone', value: '+37129000777' }] });
    });
  });

  describe('list of likely pairs', () => {
    const ids: Record<string, string> = {};
    const list = (as: FixtureUser, query: string) => t.http.get(`/api/v1/duplicates?${query}`).set('authorization', t.auth(as));
    const pairsOf = async (as: FixtureUser, entity: string): Promise<Pair[]> => {
      const pairs: Pair[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Pair[]; nextCursor: string | null } } = await list(as, `entity=${entity}&limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        pairs.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return pairs;
    };
    const named = (pairs: Pair[]) => pairs.map((pair) => [[pair.first.title, pair.second.title].sort().join(' + '), pair.reasons.join(',')]).sort();

    beforeAll(async () => {
      await t.query(`UPDATE contacts SET deleted_at = now()`);
      await t.query(`UPDATE companies SET deleted_at = now()`);
      const company = await create('rep', 'companies', { name: 'Pairs Ltd', phones: [{ type: 'work', value: '+371 6700 0001' }] });
      ids.twin = (await create('rep', 'companies', { name: 'Pairs Limited', phones: [{ type: 'work', value: '67000001' }] })).id;
      ids.petrov = (await create('rep', 'contacts', { firstName: 'Ivan', lastName: 'Petrov', companyId: company.id, emails: [{ type: 'work', value: 'petrov@pairs.example' }] })).id;
      ids.petrovs = (await create('rep', 'contacts', { firstName: 'Ivan', lastName: 'Petrovs', companyId: company.id })).id;
      ids.samePhone = (await create('rep', 'contacts', { firstName: 'Olga', lastName: 'Liepa', phones: [{ type: 'mobile', value: '+371 2900 0500' }] })).id;
      ids.samePhone2 = (await create('rep', 'contacts', { firstName: 'Olga', lastName: 'Liepiņa', phones: [{ type: 'mobile', value: '29000500' }] })).id;
      // The same email at another rep: a pair for the head and the admin, not for either rep.
      ids.rep2Petrov = (await create('rep2', 'contacts', { firstName: 'I.', lastName: 'Petrov', emails: [{ type: 'work', value: 'PETROV@pairs.example' }] })).id;
      // Neither alike nor sharing anything.
      await create('rep', 'contacts', { firstName: 'Ivan', lastName: 'Ozols', companyId: company.id });
    });

    it('pairs records sharing a key, and contacts of one company with nearly the same name', async () => {
      expect(named(await pairsOf('admin', 'contact'))).toEqual(
        [
          ['I. Petrov + Ivan Petrov', 'email'],
          ['Ivan Petrov + Ivan Petrovs', 'name'],
          ['Olga Liepa + Olga Liepiņa', 'phone'],
        ].sort(),
      );
      expect(named(await pairsOf('admin', 'company'))).toEqual([['Pairs Limited + Pairs Ltd', 'phone']]);
    });

    it('lists only pairs whose both records the actor may read', async () => {
      expect(named(await pairsOf('rep', 'contact'))).toEqual([['Ivan Petrov + Ivan Petrovs', 'name'], ['Olga Liepa + Olga Liepiņa', 'phone']]);
      expect(named(await pairsOf('head', 'contact'))).toHaveLength(3);
      expect(await pairsOf('rep2', 'contact')).toEqual([]);
      expect(await pairsOf('repSouth', 'company')).toEqual([]);
    });

    it('drops a pair once one of it is in the trash', async () => {
      await t.http.delete(`/api/v1/companies/${ids.twin}`).set('authorization', t.auth('rep')).expect(204);
      expect(await pairsOf('admin', 'company')).toEqual([]);
    });

    it('pages with a cursor bound to the entity, and validates its input', async () => {
      const first = await list('admin', 'entity=contact&limit=2').expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items[0].first).toMatchObject({ id: expect.any(String), title: expect.any(String), emails: expect.any(Array), version: 1 });
      const rest = await list('admin', `entity=contact&limit=2&cursor=${first.body.nextCursor}`).expect(200);
      expect(rest.body.items).toHaveLength(1);
      expect(rest.body.nextCursor).toBeNull();
      expect((await list('admin', `entity=company&cursor=${first.body.nextCursor}`).expect(400)).body.code).toBe('invalid_cursor');
      expect((await list('admin', 'entity=deal').expect(400)).body.errors[0].field).toBe('entity');
      expect((await list('admin', '').expect(400)).body.errors[0].field).toBe('entity');
      expect((await list('admin', 'entity=contact&limit=0').expect(400)).body.errors[0].field).toBe('limit');
    });
  });
});

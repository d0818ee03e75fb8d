import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Hit {
  kind: 'company' | 'contact';
  id: string;
  title: string;
  subtitle: string | null;
  matched: string;
  rank: number;
}

describe('global search', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  const create = async (as: FixtureUser, path: 'contacts' | 'companies', body: Record<string, unknown>) =>
    (await t.http.post(`/api/v1/${path}?force=true`).set('authorization', t.auth(as)).send(body).expect(201)).body.id as string;
  const search = (as: FixtureUser, q: string, extra = '') =>
    t.http.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`).set('authorization', t.auth(as));
  const hits = async (as: FixtureUser, q: string): Promise<Hit[]> => (await search(as, q).expect(200)).body.items;
  const found = async (as: FixtureUser, q: string) => (await hits(as, q)).map((hit) => hit.id);

  beforeAll(async () => {
    t = await startTestApp();
    ids.timber = await create('rep', 'companies', { name: 'Baltic Timber SIA', taxId: 'LV 4000 3245 752', emails: [{ type: 'work', value: 'office@baltic-timber.example' }] });
    ids.ivanov = await create('rep', 'contacts', {
      firstName: 'Ivan',
      lastName: 'Ivanov',
      companyId: ids.timber,
      emails: [{ type: 'work', value: 'Ivan@Baltic-Timber.example' }],
      phones: [{ type: 'mobile', value: '+371 2612 3456' }],
    });
    ids.london = await create('rep', 'contacts', { firstName: 'Oliver', lastName: 'Brown', phones: [{ type: 'work', value: '+44 20 7946 0958' }] });
    // The other team's: the same surname, email and phone, which a rep of team North must never find.
    ids.southCompany = await create('repSouth', 'companies', { name: 'Southern Timber', taxId: 'LV40003245753' });
    ids.southIvanov = await create('repSouth', 'contacts', {
      firstName: 'Pyotr',
      lastName: 'Ivanov',
      emails: [{ type: 'work', value: 'ivan@baltic-timber.example' }],
      phones: [{ type: 'mobile', value: '26123456' }],
    });
    // The rep's own contact at a company the rep cannot read: its name must not show in the subtitle.
    ids.atSouth = await create('admin', 'contacts', { firstName: 'Elza', lastName: 'Ozola', companyId: ids.southCompany, ownerId: t.users.rep.id });
    await t.http.delete(`/api/v1/contacts/${await create('rep', 'contacts', { firstName: 'Deleted', lastName: 'Ivanov' })}`).set('authorization', t.auth('rep')).expect(204);
  });
  afterAll(() => t.close());

  it('finds a name typed with a typo, ranked by similarity', async () => {
    const [hit, ...rest] = await hits('rep', 'Ivanof');
    expect(hit).toMatchObject({ kind: 'contact', id: ids.ivanov, title: 'Ivan Ivanov', matched: 'name' });
    expect(hit!.rank).toBeGreaterThan(0.6);
    expect(hit!.rank).toBeLessThan(1);
    expect(hit!.subtitle).toBe('Baltic Timber SIA · Ivan@Baltic-Timber.example · +371 2612 3456');
    expect(rest).toEqual([]);
    expect((await hits('rep', 'ivan ivanov'))[0]).toMatchObject({ id: ids.ivanov, rank: 1 });
  });

  it('finds companies and contacts alike, best first', async () => {
    const results = await hits('rep', 'baltic timber');
    expect(results[0]).toMatchObject({ kind: 'company', id: ids.timber, matched: 'name', rank: 1, subtitle: 'LV 4000 3245 752 · office@baltic-timber.example' });
    expect((await hits('rep', 'timbr')).map((hit) => hit.id)).toEqual([ids.timber]);
  });

  it('finds by email however it is cased', async () => {
    expect(await hits('rep', 'IVAN@baltic-timber.EXAMPLE')).toEqual([expect.objectContaining({ id: ids.ivanov, matched: 'email', rank: 1 })]);
  });

  it('finds by a phone typed in any format, and by the last digits of a number', async () => {
    for (const typed of ['+371 2612 3456', '26123456', '(+371) 26-123-456']) {
      expect([typed, await hits('rep', typed)]).toEqual([typed, [expect.objectContaining({ id: ids.ivanov, matched: 'phone', rank: 1 })]]);
    }
    // A London number by its 8-digit tail, as typed from a missed call; 7 trailing digits rank below an exact number.
    expect(await hits('rep', '7946 0958')).toEqual([expect.objectContaining({ id: ids.london, matched: 'phone', rank: 0.9 })]);
    expect(await hits('rep', '6123456')).toEqual([expect.objectContaining({ id: ids.ivanov, matched: 'phone', rank: 0.9 })]);
    expect(await found('rep', '1234567')).toEqual([]);
  });

  it('finds a company by its tax id, written with or without punctuation', async () => {
    for (const typed of ['LV40003245752', 'lv 4000-3245.752']) {
      expect(await hits('rep', typed)).toEqual([expect.objectContaining({ kind: 'company', id: ids.timber, matched: 'taxId', rank: 1 })]);
    }
  });

  it('never returns a record out of reach, nor its name in a subtitle', async () => {
    for (const q of ['Ivanov', 'ivan@baltic-timber.example', '26123456', 'Southern', 'LV40003245753']) {
      const results = await hits('rep', q);
      expect([q, results.filter((hit) => [ids.southIvanov, ids.southCompany].includes(hit.id))]).toEqual([q, []]);
    }
    expect(await hits('rep', 'Elza Ozola')).toEqual([expect.objectContaining({ id: ids.atSouth, subtitle: null })]);
    expect(JSON.stringify(await hits('rep', 'Ozola'))).not.toContain('Southern');
    // The head of the South team and an admin find the South records; the admin sees both Ivanovs by phone.
    expect(await found('headSouth', 'Ivanov')).toEqual([ids.southIvanov]);
    expect((await found('admin', '26123456')).sort()).toEqual([ids.ivanov, ids.southIvanov].sort());
    expect(await hits('admin', 'Elza Ozola')).toEqual([expect.objectContaining({ subtitle: 'Southern Timber' })]);
  });

  it('leaves trashed records out', async () => {
    expect((await hits('rep', 'Deleted Ivanov')).map((hit) => hit.title)).not.toContain('Deleted Ivanov');
  });

  it('answers at most `limit` hits', async () => {
    expect(await hits('admin', 'Ivanov')).toHaveLength(2);
    expect((await search('admin', 'Ivanov', '&limit=1').expect(200)).body.items).toHaveLength(1);
  });

  it('validates the query and needs a signed-in user', async () => {
    expect((await t.http.get('/api/v1/search').set('authorization', t.auth('rep')).expect(400)).body.errors[0].field).toBe('q');
    expect((await search('rep', ' a ').expect(400)).body.errors[0].field).toBe('q');
    expect((await search('rep', 'x'.repeat(201)).expect(400)).body.errors[0].field).toBe('q');
    expect((await search('rep', 'Ivanov', '&limit=0').expect(400)).body.errors[0].field).toBe('limit');
    expect((await search('rep', 'Ivanov', '&limit=51').expect(400)).body.errors[0].field).toBe('limit');
    expect((await search('rep', 'Ivanov', '&kind=deal').expect(400)).body.code).toBe('validation_failed');
    expect((await search('rep', '%_%').expect(200)).body.items).toEqual([]);
    await t.http.get('/api/v1/search?q=Ivanov').expect(401);
  });
});

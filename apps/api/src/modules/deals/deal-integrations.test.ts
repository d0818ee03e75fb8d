import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface TimelineItem {
  kind: 'note' | 'change' | 'deal';
  id: string;
  occurredAt: string;
  actor: { userId: string | null; name: string | null; apiKeyId: string | null };
  deal?: { event: string; dealId: string; title: string; fromStage: { id: string; name: string } | null; toStage: { id: string; name: string } | null; amount: string; currency: string };
  note?: { body: string };
  change?: { entity: string; action: string };
}

type StageName = 'Qualification' | 'Needs analysis' | 'Proposal' | 'Negotiation' | 'Won' | 'Lost';
type Event = 'created' | 'moved' | 'won' | 'lost' | 'reopened';

const MINUTE = 60_000;

/**
 * Deals where they meet the client base: on the timelines of their contacts and companies and on their own, in global
 * search, in merges of contacts and companies, and as the `hasOpenDeal` filter of the contact and company lists.
 */
describe('deals across the client base', () => {
  let t: TestApp;
  let stages: Record<StageName, string>;
  const ids: Record<string, string> = {};
  const start = Date.now() - 60 * MINUTE;

  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });
  const create = async (user: FixtureUser, path: 'contacts' | 'companies', body: Record<string, unknown>) =>
    (await t.http.post(`/api/v1/${path}?force=true`).set(as(user)).send(body).expect(201)).body as { id: string; version: number };
  const timeline = async (user: FixtureUser, path: string, query = ''): Promise<TimelineItem[]> =>
    (await t.http.get(`/api/v1/${path}/timeline?limit=200${query}`).set(as(user)).expect(200)).body.items;
  const dealItems = async (user: FixtureUser, path: string) =>
    (await timeline(user, path, '&kind=deal')).map((item) => `${item.deal!.title}: ${item.deal!.event} ${item.deal!.fromStage?.name ?? '-'} > ${item.deal!.toStage?.name ?? '-'}`);

  /**
   * A deal straight in SQL with its stage history: `path` is the stages it went through, one history row each (the
   * first `created`), a minute apart from `minute`; the deal ends in the last stage.
   */
  async function deal(
    key: string,
    fields: { owner: FixtureUser; path: [Event, StageName][]; minute: number; amount?: string; companyId?: string; contacts?: [string, number][]; deleted?: boolean },
  ): Promise<string> {
    const last = fields.path.at(-1)![1];
    const [row] = await t.query<{ id: string }>(
      `INSERT INTO deals (title, pipeline_id, stage_id, status, amount, currency, company_id, owner_id, deleted_at)
       SELECT $1, s.pipeline_id, s.id, s.kind, $3, 'EUR', $4, $5, CASE WHEN $6 THEN now() END FROM pipeline_stages s WHERE s.id = $2 RETURNING id`,
      [key, stages[last], fields.amount ?? '100.00', fields.companyId ?? null, t.users[fields.owner].id, fields.deleted ?? false],
    );
    const id = row!.id;
    let from: StageName | null = null;
    for (const [index, [event, to]] of fields.path.entries()) {
      await t.query(
        `INSERT INTO deal_stage_history (deal_id, pipeline_id, from_stage_id, to_stage_id, event, changed_at, changed_by_id)
         SELECT $1, pipeline_id, $2, $3, $4, $5, $6 FROM pipeline_stages WHERE id = $3`,
        [id, from && stages[from], stages[to], event, new Date(start + (fields.minute + index) * MINUTE).toISOString(), t.users[fields.owner].id],
      );
      from = to;
    }
    for (const [contactId, position] of fields.contacts ?? []) {
      await t.query(`INSERT INTO deal_contacts (deal_id, contact_id, position) VALUES ($1, $2, $3)`, [id, contactId, position]);
    }
    ids[key] = id;
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const rows = await t.query<{ id: string; name: StageName }>(
      `SELECT s.id, s.name FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Sales'`,
    );
    stages = Object.fromEntries(rows.map((row) => [row.name, row.id])) as Record<StageName, string>;

    ids.acme = (await create('rep', 'companies', { name: 'Acme Integration Ltd' })).id;
    ids.closedCo = (await create('rep', 'companies', { name: 'Closed Integration Co' })).id;
    ids.buyer = (await create('rep', 'contacts', { firstName: 'Bea', lastName: 'Integrbuyer' })).id;
    ids.partner = (await create('rep', 'contacts', { firstName: 'Pat', lastName: 'Integrpartner' })).id;
    ids.lostOnly = (await create('rep', 'contacts', { firstName: 'Lou', lastName: 'Integrlost' })).id;
    ids.trashedOnly = (await create('rep', 'contacts', { firstName: 'Tom', lastName: 'Integrtrashed' })).id;
    ids.nobody = (await create('rep', 'contacts', { firstName: 'Ned', lastName: 'Integrnone' })).id;

    await deal('Acme fleet renewal', {
      owner: 'rep',
      minute: 0,
      amount: '1000.50',
      companyId: ids.acme,
      contacts: [[ids.buyer, 0], [ids.partner, 1]],
      path: [['created', 'Qualification'], ['moved', 'Proposal'], ['won', 'Won'], ['reopened', 'Negotiation']],
    });
    await deal('Acme printers', { owner: 'rep2', minute: 10, companyId: ids.acme, contacts: [[ids.buyer, 1], [ids.lostOnly, 0]], path: [['created', 'Qualification'], ['lost', 'Lost']] });
    await deal('Acme trashed', { owner: 'rep', minute: 20, companyId: ids.acme, contacts: [[ids.buyer, 2], [ids.trashedOnly, 0]], path: [['created', 'Qualification']], deleted: true });
    await deal('South pumps', { owner: 'repSouth', minute: 30, companyId: ids.acme, contacts: [[ids.buyer, 3]], path: [['created', 'Proposal']] });
    await deal('Closed co deal', { owner: 'rep', minute: 40, companyId: ids.closedCo, path: [['created', 'Qualification'], ['lost', 'Lost']] });
  });
  afterAll(() => t.close());

  describe('timelines', () => {
    it("puts the stage changes of a contact's deals on its timeline, newest first, only deals the reader may read", async () => {
      expect(await dealItems('rep', `contacts/${ids.buyer}`)).toEqual([
        'Acme fleet renewal: reopened Won > Negotiation',
        'Acme fleet renewal: won Proposal > Won',
        'Acme fleet renewal: moved Qualification > Proposal',
        'Acme fleet renewal: created - > Qualification',
      ]);
      // The head reads the team's deals (rep2's too), an admin every live one; trashed deals show to no one.
      expect(await dealItems('head', `contacts/${ids.buyer}`)).toEqual([
        'Acme printers: lost Qualification > Lost',
        'Acme printers: created - > Qualification',
        'Acme fleet renewal: reopened Won > Negotiation',
        'Acme fleet renewal: won Proposal > Won',
        'Acme fleet renewal: moved Qualification > Proposal',
        'Acme fleet renewal: created - > Qualification',
      ]);
      const admin = await dealItems('admin', `contacts/${ids.buyer}`);
      expect(admin[0]).toBe('South pumps: created - > Proposal');
      expect(admin).toHaveLength(7);
      expect(admin.join()).not.toContain('Acme trashed');
      // A contact on the deal other than the main one sees it too.
      expect(await dealItems('rep', `contacts/${ids.partner}`)).toHaveLength(4);
    });

    it('shows what happened to the deal: event, title, stages, amount and who did it', async () => {
      const items = await timeline('rep', `contacts/${ids.buyer}`);
      const won = items.find((item) => item.deal?.event === 'won')!;
      expect(won).toEqual({
        kind: 'deal',
        id: expect.any(String),
        occurredAt: new Date(start + 2 * MINUTE).toISOString(),
        actor: { userId: t.users.rep.id, name: 'Test rep', apiKeyId: null },
        deal: {
          event: 'won',
          dealId: ids['Acme fleet renewal'],
          title: 'Acme fleet renewal',
          fromStage: { id: stages.Proposal, name: 'Proposal' },
          toStage: { id: stages.Won, name: 'Won' },
          amount: '1000.50',
          currency: 'EUR',
        },
      });
      // Deal items mix with the contact's own: its creation is there too.
      expect(items.filter((item) => item.kind === 'change').map((item) => item.change!.action)).toEqual(['create']);
    });

    it("puts a company's deals on its timeline, and pages through mixed kinds without gaps", async () => {
      expect(await dealItems('head', `companies/${ids.acme}`)).toEqual(await dealItems('head', `contacts/${ids.buyer}`));
      expect(await dealItems('rep', `companies/${ids.closedCo}`)).toEqual(['Closed co deal: lost Qualification > Lost', 'Closed co deal: created - > Qualification']);
      const all = await timeline('head', `companies/${ids.acme}`);
      const paged: TimelineItem[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: TimelineItem[]; nextCursor: string | null } } = await t.http
          .get(`/api/v1/companies/${ids.acme}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(as('head'))
          .expect(200);
        paged.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged.map((item) => `${item.kind}:${item.id}`)).toEqual(all.map((item) => `${item.kind}:${item.id}`));
    });

    it('follows deals made and moved through the API, with their audit entries on their own timeline', async () => {
      const created = await t.http
        .post('/api/v1/deals')
        .set(as('rep'))
        .send({ title: 'Via the API', amount: '250.00', currency: 'EUR', companyId: ids.closedCo, contactIds: [ids.nobody] })
        .expect(201);
      await t.http.post(`/api/v1/deals/${created.body.id}/stage`).set(as('rep')).send({ stageId: stages.Proposal, version: created.body.version }).expect(200);
      expect(await dealItems('rep', `contacts/${ids.nobody}`)).toEqual(['Via the API: moved Qualification > Proposal', 'Via the API: created - > Qualification']);
      expect((await dealItems('rep', `companies/${ids.closedCo}`)).slice(0, 2)).toEqual(['Via the API: moved Qualification > Proposal', 'Via the API: created - > Qualification']);
      const own = await timeline('rep', `deals/${created.body.id}`);
      expect(own.filter((item) => item.kind === 'deal').map((item) => item.deal!.event)).toEqual(['moved', 'created']);
      expect(own.filter((item) => item.kind === 'change').map((item) => [item.change!.entity, item.change!.action])).toContainEqual(['deal', 'create']);
      expect(own.every((item) => item.actor.userId === t.users.rep.id)).toBe(true);
      await t.http.delete(`/api/v1/deals/${created.body.id}`).set(as('rep')).set('if-match', '"2"').expect(204);
      expect(await dealItems('rep', `contacts/${ids.nobody}`)).toEqual([]);
    });

    it('gives a deal its own timeline: stage changes, notes and note edits, for readers of the deal only', async () => {
      const path = `deals/${ids['Acme fleet renewal']}`;
      const note = await t.http.post(`/api/v1/${path}/notes`).set(as('rep')).send({ body: 'Asked for a second quote' }).expect(201);
      expect(note.body).toMatchObject({ entity: 'deal', entityId: ids['Acme fleet renewal'], body: 'Asked for a second quote' });
      await t.http.patch(`/api/v1/notes/${note.body.id}`).set(as('rep')).send({ body: 'Asked for a second quote, by Friday', version: 1 }).expect(200);
      const items = await timeline('rep', path);
      expect(items.slice(0, 2).map((item) => item.kind).sort()).toEqual(['change', 'note']);
      expect(items.find((item) => item.kind === 'note')!.note!.body).toBe('Asked for a second quote, by Friday');
      expect(items.filter((item) => item.kind === 'deal').map((item) => item.deal!.event)).toEqual(['reopened', 'won', 'moved', 'created']);
      expect((await timeline('rep', path, '&kind=deal')).every((item) => item.kind === 'deal')).toBe(true);

      const notes = await t.http.get(`/api/v1/${path}/notes`).set(as('head')).expect(200);
      expect(notes.body.items.map((item: { body: string }) => item.body)).toEqual(['Asked for a second quote, by Friday']);
      await t.http.get(`/api/v1/${path}/timeline`).set(as('rep2')).expect(404);
      await t.http.get(`/api/v1/${path}/notes`).set(as('repSouth')).expect(404);
      await t.http.post(`/api/v1/${path}/notes`).set(as('rep2')).send({ body: 'Not mine' }).expect(404);
      expect((await t.http.post(`/api/v1/${path}/notes`).set(as('analyst')).send({ body: 'Read only' }).expect(403)).body.code).toBe('permission_denied');
      await t.http.get(`/api/v1/deals/${ids['Acme trashed']}/timeline`).set(as('rep')).expect(404);
      await t.http.get('/api/v1/deals/not-a-uuid/timeline').set(as('rep')).expect(400);
      // A deal id names no contact.
      await t.http.get(`/api/v1/contacts/${ids['Acme fleet renewal']}/timeline`).set(as('rep')).expect(404);
    });
  });

  describe('global search', () => {
    const search = async (user: FixtureUser, q: string) =>
      (await t.http.get(`/api/v1/search?q=${encodeURIComponent(q)}`).set(as(user)).expect(200)).body.items as {
        kind: string;
        id: string;
        title: string;
        subtitle: string | null;
        deal?: unknown;
      }[];

    it('finds deals by a fragment of the title or with a typo, with stage and amount', async () => {
      const [hit, ...rest] = await search('rep', 'fleet');
      expect(hit).toEqual({
        kind: 'deal',
        id: ids['Acme fleet renewal'],
        title: 'Acme fleet renewal',
        subtitle: 'Negotiation · Acme Integration Ltd',
        matched: 'name',
        rank: 1,
        deal: { amount: '1000.50', currency: 'EUR', stageName: 'Negotiation' },
      });
      expect(rest).toEqual([]);
      expect((await search('rep', 'renewl')).map((found) => found.id)).toEqual([ids['Acme fleet renewal']]);
      expect((await search('head', 'rinter')).map((found) => found.title)).toEqual(['Acme printers']);
    });

    it('finds only live deals within reach', async () => {
      expect(await search('rep', 'printers')).toEqual([]);
      expect(await search('rep', 'pumps')).toEqual([]);
      expect((await search('admin', 'pumps')).map((found) => found.title)).toEqual(['South pumps']);
      expect((await search('admin', 'Acme trashed')).map((found) => found.title)).not.toContain('Acme trashed');
      // The company is named only to those who may read it.
      const southDeal = (await search('admin', 'pumps'))[0]!;
      expect(southDeal.subtitle).toBe('Proposal · Acme Integration Ltd');
      expect((await search('headSouth', 'pumps'))[0]!.subtitle).toBe('Proposal');
    });
  });

  describe('merges', () => {
    it('moves deal contacts to the contact that stays, keeping one row per deal and the main contact', async () => {
      const kept = await create('rep', 'contacts', { firstName: 'Kim', lastName: 'Mergekept' });
      const gone = await create('rep', 'contacts', { firstName: 'Kim', lastName: 'Mergegone' });
      const both = await deal('Merge both', { owner: 'rep', minute: 50, contacts: [[gone.id, 0], [kept.id, 1]], path: [['created', 'Qualification']] });
      const goneOnly = await deal('Merge gone only', { owner: 'rep', minute: 51, contacts: [[gone.id, 2]], path: [['created', 'Qualification']] });
      await t.http.post(`/api/v1/contacts/${kept.id}/merge`).set(as('rep')).send({ sourceId: gone.id }).expect(200);
      const links = await t.query<{ deal_id: string; contact_id: string; position: number }>(
        `SELECT deal_id, contact_id, position FROM deal_contacts WHERE deal_id = ANY($1) ORDER BY position`,
        [[both, goneOnly]],
      );
      expect(links).toEqual([
        { deal_id: both, contact_id: kept.id, position: 0 },
        { deal_id: goneOnly, contact_id: kept.id, position: 2 },
      ]);
      expect(await dealItems('rep', `contacts/${kept.id}`)).toEqual(['Merge gone only: created - > Qualification', 'Merge both: created - > Qualification']);
    });

    it("moves a company's deals to the company that stays", async () => {
      const kept = await create('rep', 'companies', { name: 'Merge Kept Ltd' });
      const gone = await create('rep', 'companies', { name: 'Merge Gone Ltd' });
      const moved = await deal('Merge company deal', { owner: 'rep', minute: 52, companyId: gone.id, path: [['created', 'Qualification']] });
      await t.http.post(`/api/v1/companies/${kept.id}/merge`).set(as('rep')).send({ sourceId: gone.id }).expect(200);
      expect(await t.query('SELECT company_id FROM deals WHERE id = $1', [moved])).toEqual([{ company_id: kept.id }]);
      expect(await dealItems('rep', `companies/${kept.id}`)).toEqual(['Merge company deal: created - > Qualification']);
    });
  });

  describe('hasOpenDeal', () => {
    const names = async (path: 'contacts' | 'companies', query: string) =>
      ((await t.http.get(`/api/v1/${path}?${query}`).set(as('admin')).expect(200)).body.items as { fullName?: string; name?: string }[])
        .map((item) => item.fullName ?? item.name)
        .sort();

    it('lists contacts and companies on an open deal, or on none (closed and trashed deals do not count)', async () => {
      expect(await names('contacts', 'q=integr&hasOpenDeal=true')).toEqual(['Bea Integrbuyer', 'Pat Integrpartner']);
      expect(await names('contacts', 'q=integr&hasOpenDeal=false')).toEqual(['Lou Integrlost', 'Ned Integrnone', 'Tom Integrtrashed']);
      expect(await names('contacts', 'q=integr')).toHaveLength(5);
      expect(await names('companies', 'q=integration&hasOpenDeal=true')).toEqual(['Acme Integration Ltd']);
      expect(await names('companies', 'q=integration&hasOpenDeal=false')).toEqual(['Closed Integration Co']);
      for (const path of ['contacts', 'companies']) {
        const refused = await t.http.get(`/api/v1/${path}?hasOpenDeal=yes`).set(as('admin')).expect(400);
        expect(refused.body.errors[0].field).toBe('hasOpenDeal');
      }
    });

    it('works in saved segments', async () => {
      await t.http.post('/api/v1/segments').set(as('rep')).send({ entity: 'contact', name: 'On open deals', filter: { q: 'integr', hasOpenDeal: true } }).expect(201);
      await t.http.post('/api/v1/segments').set(as('rep')).send({ entity: 'company', name: 'No open deal', filter: { q: 'integration', hasOpenDeal: false } }).expect(201);
      const counts = async (entity: string) =>
        ((await t.http.get(`/api/v1/segments?entity=${entity}&withCounts=true`).set(as('rep')).expect(200)).body.items as { name: string; count: number }[]).map(
          (segment) => [segment.name, segment.count],
        );
      expect(await counts('contact')).toEqual([['On open deals', 2]]);
      expect(await counts('company')).toEqual([['No open deal', 1]]);
      const invalid = await t.http.post('/api/v1/segments').set(as('rep')).send({ entity: 'contact', name: 'Bad', filter: { hasOpenDeal: 'sometimes' } }).expect(400);
      expect(invalid.body.errors[0].field).toBe('filter.hasOpenDeal');
    });
  });
});

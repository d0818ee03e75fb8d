import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Item {
  kind: 'note' | 'change';
  id: string;
  occurredAt: string;
  actor: { userId: string | null; name: string | null; apiKeyId: string | null };
  note?: { id: string; body: string; version: number; authorId: string };
  change?: { entity: string; entityId: string; action: string; changes: Record<string, { from: unknown; to: unknown }> };
}

interface Page {
  items: Item[];
  nextCursor: string | null;
}

/** The timeline's order, computed independently: time, then kind, then id in its own type, all descending. */
function byTimelineOrder(a: Item, b: Item): number {
  const time = Date.parse(b.occurredAt) - Date.parse(a.occurredAt);
  if (time !== 0) return time;
  if (a.kind !== b.kind) return a.kind < b.kind ? 1 : -1;
  if (a.kind === 'change') return Number(BigInt(b.id) - BigInt(a.id));
  return a.id < b.id ? 1 : -1;
}

describe('timeline', () => {
  let t: TestApp;
  let contact: string;

  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });
  const timeline = (user: FixtureUser, query = '', path = `contacts/${contact}`) =>
    t.http.get(`/api/v1/${path}/timeline${query}`).set(as(user));

  async function pageThrough(query: string, limit: number): Promise<Item[]> {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page } = await timeline('rep', `?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return seen;
  }

  beforeAll(async () => {
    t = await startTestApp();
    contact = (await t.http.post('/api/v1/contacts').set(as('rep')).send({ lastName: 'Timeline', position: 'v1' }).expect(201)).body.id;
    // Notes and changes taking turns, then an edited and a deleted note.
    let version = 1;
    for (let index = 1; index <= 6; index++) {
      await t.http.post(`/api/v1/contacts/${contact}/notes`).set(as(index % 2 ? 'rep' : 'head')).send({ body: `Note ${index}` }).expect(201);
      await t.http.patch(`/api/v1/contacts/${contact}`).set(as('rep')).send({ position: `v${index + 1}`, version }).expect(200);
      version++;
    }
    const [edited, deleted] = (await t.query<{ id: string }>(`SELECT id FROM notes WHERE body IN ('Note 2', 'Note 3') ORDER BY body`)).map((row) => row.id);
    await t.http.patch(`/api/v1/notes/${edited}`).set(as('head')).send({ body: 'Note 2, edited', version: 1 }).expect(200);
    await t.http.delete(`/api/v1/notes/${deleted}`).set(as('rep')).expect(204);

    // Ties across kinds and within each kind, audit ids of different lengths among them (text order would differ).
    const tie = '2030-01-01T00:00:00.000Z';
    const changes = (await t.query<{ id: string }>(`SELECT id FROM audit_log WHERE entity = 'contact' AND entity_id = $1 ORDER BY id`, [contact])).map((row) => row.id);
    const last = changes.at(-1)!;
    const earlier = changes.find((id) => id.length < last.length && id > last)!;
    expect(earlier).toBeDefined();
    await t.query(`UPDATE audit_log SET created_at = $1 WHERE id IN ($2, $3)`, [tie, earlier, last]);
    await t.query(`UPDATE notes SET created_at = $1 WHERE body IN ('Note 1', 'Note 4')`, [tie]);
  });
  afterAll(() => t.close());

  it('merges notes and changes newest first, and pages through them without gaps or repeats', async () => {
    const all = (await timeline('rep', '?limit=200').expect(200)).body as Page;
    expect(all.nextCursor).toBeNull();
    // 5 live notes; the contact's create and 6 updates; one note edit and one note deletion.
    expect(all.items.filter((item) => item.kind === 'note')).toHaveLength(5);
    expect(all.items.filter((item) => item.kind === 'change')).toHaveLength(9);
    expect(all.items).toEqual([...all.items].sort(byTimelineOrder));
    expect(all.items.slice(0, 4).map((item) => item.kind)).toEqual(['note', 'note', 'change', 'change']);

    for (const limit of [1, 3, 4]) {
      const paged = await pageThrough('', limit);
      expect(paged.map((item) => `${item.kind}:${item.id}`)).toEqual(all.items.map((item) => `${item.kind}:${item.id}`));
    }
  });

  it('shows who did what: note bodies, field-level changes and note edits', async () => {
    const { items } = (await timeline('rep', '?limit=200').expect(200)).body as Page;
    const note = items.find((item) => item.note?.body === 'Note 5')!;
    expect(note.actor).toEqual({ userId: t.users.rep.id, name: 'Test rep', apiKeyId: null });
    expect(note.note).toMatchObject({ authorId: t.users.rep.id, version: 1, entity: 'contact', entityId: contact });
    expect(items.some((item) => item.note?.body === 'Note 3')).toBe(false);

    const update = items.find((item) => item.change?.changes.position?.to === 'v3')!;
    expect(update.change).toMatchObject({ entity: 'contact', entityId: contact, action: 'update', changes: { position: { from: 'v2', to: 'v3' } } });
    expect(update.actor.name).toBe('Test rep');

    const noteChanges = items.filter((item) => item.change?.entity === 'note');
    expect(noteChanges.map((item) => item.change!.action).sort()).toEqual(['delete', 'update']);
    const edit = noteChanges.find((item) => item.change!.action === 'update')!;
    expect(edit.change!.changes).toEqual({ body: { from: 'Note 2', to: 'Note 2, edited' } });
    expect(edit.actor.name).toBe('Test head');
  });

  it('filters by kind, across pages too', async () => {
    const notes = await pageThrough('&kind=note', 2);
    expect(notes.map((item) => item.kind)).toEqual(Array(5).fill('note'));
    const changes = await pageThrough('&kind=change', 2);
    expect(changes).toHaveLength(9);
    expect(changes.every((item) => item.kind === 'change')).toBe(true);
    expect(await pageThrough('&kind=note&kind=change', 3)).toHaveLength(14);
    expect((await timeline('rep', '?kind=call').expect(400)).body.errors[0].field).toBe('kind');
  });

  it('is there only for readers of the record', async () => {
    await timeline('rep2').expect(404);
    await timeline('repSouth').expect(404);
    await timeline('head').expect(200);
    await timeline('analyst').expect(200);
    await timeline('rep', '', `companies/${contact}`).expect(404);
    await timeline('rep', '', 'contacts/not-a-uuid').expect(400);
  });

  it('refuses cursors that are malformed or belong to another list', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const notesCursor = (await t.http.get(`/api/v1/contacts/${contact}/notes?limit=1`).set(as('rep')).expect(200)).body.nextCursor;
    for (const cursor of [
      'garbage',
      notesCursor,
      encode(['timeline', ['yesterday', 'note', '00000000-0000-0000-0000-000000000000']]),
      encode(['timeline', ['2030-01-01T00:00:00.000Z', 'call', '1']]),
      encode(['timeline', ['2030-01-01T00:00:00.000Z', 'change', 'not-a-number']]),
      encode(['timeline', ['2030-01-01T00:00:00.000Z', 'note', '1']]),
    ]) {
      const refused = await timeline('rep', `?cursor=${cursor}`).expect(400);
      expect([cursor, refused.body.code]).toEqual([cursor, 'invalid_cursor']);
    }
  });

  it("serves a company's timeline: its own changes and notes", async () => {
    const company = (await t.http.post('/api/v1/companies').set(as('rep')).send({ name: 'Timeline Ltd' }).expect(201)).body;
    await t.http.post(`/api/v1/companies/${company.id}/notes`).set(as('rep')).send({ body: 'Company note' }).expect(201);
    const { items } = (await timeline('rep', '', `companies/${company.id}`).expect(200)).body as Page;
    expect(items.map((item) => item.kind)).toEqual(['note', 'change']);
    expect(items[1]!.change).toMatchObject({ entity: 'company', action: 'create' });
    await timeline('repSouth', '', `companies/${company.id}`).expect(404);
  });
});

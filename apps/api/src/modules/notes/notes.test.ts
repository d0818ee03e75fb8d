import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RECORD_LINKS } from '../../core/records/record-links.js';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Note {
  id: string;
  entity: string;
  entityId: string;
  body: string;
  authorId: string;
  version: number;
}

describe('notes', () => {
  let t: TestApp;
  /** A contact of rep (team North) and one of repSouth (team South). */
  let repContact: string;
  let southContact: string;

  const as = (user: FixtureUser) => ({ authorization: t.auth(user) });
  const addNote = (user: FixtureUser, contactId: string, body: unknown) =>
    t.http.post(`/api/v1/contacts/${contactId}/notes`).set(as(user)).send({ body });
  const listNotes = (user: FixtureUser, contactId: string, query = '') =>
    t.http.get(`/api/v1/contacts/${contactId}/notes${query}`).set(as(user));
  const editNote = (user: FixtureUser, id: string, body: Record<string, unknown>) => t.http.patch(`/api/v1/notes/${id}`).set(as(user)).send(body);
  const auditOf = (id: string) =>
    t.query<{ action: string; changes: Record<string, { from: unknown; to: unknown }>; actor_user_id: string }>(
      `SELECT action, changes, actor_user_id FROM audit_log WHERE entity = 'note' AND entity_id = $1 ORDER BY id`,
      [id],
    );

  beforeAll(async () => {
    t = await startTestApp();
    repContact = (await t.http.post('/api/v1/contacts').set(as('rep')).send({ lastName: 'Ozola' }).expect(201)).body.id;
    southContact = (await t.http.post('/api/v1/contacts').set(as('repSouth')).send({ lastName: 'Dienvidu' }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  describe('who may read and add notes', () => {
    it('lets the owner add a note and audits it', async () => {
      const created = await addNote('rep', repContact, '  Called, wants a demo on Friday.\n').expect(201);
      expect(created.body).toMatchObject({
        entity: 'contact',
        entityId: repContact,
        body: 'Called, wants a demo on Friday.',
        authorId: t.users.rep.id,
        version: 1,
      });
      expect(await auditOf(created.body.id)).toEqual([
        {
          action: 'create',
          actor_user_id: t.users.rep.id,
          changes: {
            body: { from: null, to: 'Called, wants a demo on Friday.' },
            entity: { from: null, to: 'contact' },
            entityId: { from: null, to: repContact },
            authorId: { from: null, to: t.users.rep.id },
          },
        },
      ]);
      const listed = await listNotes('rep', repContact).expect(200);
      expect(listed.body.items.map((note: Note) => note.id)).toEqual([created.body.id]);
    });

    it('answers 404 on a record out of reach and writes nothing', async () => {
      await listNotes('rep', southContact).expect(404);
      const refused = await addNote('rep', southContact, 'Snooping').expect(404);
      expect(refused.body.code).toBe('record_not_found');
      await addNote('head', southContact, 'Other team').expect(404);
      expect(await t.query(`SELECT 1 FROM notes WHERE entity_id = $1`, [southContact])).toEqual([]);
    });

    it("lets a head read and add notes on the team's records", async () => {
      await listNotes('head', repContact).expect(200);
      const note = await addNote('head', repContact, 'Head: offer 10% off').expect(201);
      expect(note.body.authorId).toBe(t.users.head.id);
    });

    it('lets an analyst read notes but not add them (a read-only role)', async () => {
      const listed = await listNotes('analyst', repContact).expect(200);
      expect(listed.body.items.length).toBeGreaterThan(0);
      const refused = await addNote('analyst', repContact, 'Analyst remark').expect(403);
      expect(refused.body.code).toBe('permission_denied');
    });

    it("lets an operator note any client they can read, though they may not edit the client's data", async () => {
      await t.http.patch(`/api/v1/contacts/${repContact}`).set(as('operator')).send({ position: 'x', version: 1 }).expect(404);
      await addNote('operator', repContact, 'Operator: caller asked for a callback').expect(201);
    });

    it('keeps notes of trashed records out of reach until the record is restored', async () => {
      const contact = (await t.http.post('/api/v1/contacts').set(as('rep')).send({ lastName: 'Trashed' }).expect(201)).body.id;
      const note = (await addNote('rep', contact, 'Before the trash').expect(201)).body as Note;
      await t.http.delete(`/api/v1/contacts/${contact}`).set(as('rep')).expect(204);
      await listNotes('rep', contact).expect(404);
      await addNote('rep', contact, 'Into the trash').expect(404);
      await editNote('rep', note.id, { body: 'Edited in the trash', version: 1 }).expect(404);
      await t.http.post(`/api/v1/contacts/${contact}/restore`).set(as('rep')).expect(200);
      await editNote('rep', note.id, { body: 'Edited after restore', version: 1 }).expect(200);
    });

    it('serves company notes on their own route, apart from contact notes', async () => {
      const company = (await t.http.post('/api/v1/companies').set(as('rep')).send({ name: 'Notes Ltd' }).expect(201)).body.id;
      const note = await t.http.post(`/api/v1/companies/${company}/notes`).set(as('rep')).send({ body: 'Company note' }).expect(201);
      expect(note.body.entity).toBe('company');
      const listed = await t.http.get(`/api/v1/companies/${company}/notes`).set(as('rep')).expect(200);
      expect(listed.body.items.map((item: Note) => item.body)).toEqual(['Company note']);
      await t.http.get(`/api/v1/companies/${company}/notes`).set(as('repSouth')).expect(404);
      // A contact id on the company route names no company.
      await t.http.get(`/api/v1/companies/${repContact}/notes`).set(as('rep')).expect(404);
    });
  });

  describe('editing and deleting', () => {
    it('edits with a version, refuses a stale one with 409 and a missing one with 428', async () => {
      const note = (await addNote('rep', repContact, 'First draft').expect(201)).body as Note;
      const edited = await editNote('rep', note.id, { body: 'Second draft', version: 1 }).expect(200);
      expect(edited.body).toMatchObject({ body: 'Second draft', version: 2 });
      expect(edited.headers.etag).toBe('"2"');

      const stale = await editNote('rep', note.id, { body: 'Lost edit', version: 1 }).expect(409);
      expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
      await t.http.patch(`/api/v1/notes/${note.id}`).set(as('rep')).set('if-match', '"1"').send({ body: 'Lost edit' }).expect(409);
      expect((await editNote('rep', note.id, { body: 'No version' }).expect(428)).body.code).toBe('version_required');
      await t.http.patch(`/api/v1/notes/${note.id}`).set(as('rep')).set('if-match', '"2"').send({ body: 'Third draft' }).expect(200);

      const audit = await auditOf(note.id);
      expect(audit.map((entry) => entry.action)).toEqual(['create', 'update', 'update']);
      expect(audit[1]!.changes).toEqual({ body: { from: 'First draft', to: 'Second draft' } });
    });

    it("lets others change a note only with update access to the record", async () => {
      const repNote = (await addNote('rep', repContact, 'Rep wrote this').expect(201)).body as Note;
      const operatorNote = (await addNote('operator', repContact, 'Operator wrote this').expect(201)).body as Note;

      // Readers without update access see the note, so they are told no rather than "not found".
      for (const user of ['operator', 'analyst'] as const) {
        const refused = await editNote(user, repNote.id, { body: 'Hijacked', version: 1 }).expect(403);
        expect(refused.body.code).toBe('note_edit_denied');
        await t.http.delete(`/api/v1/notes/${repNote.id}`).set(as(user)).expect(403);
      }
      // Those who cannot read the record cannot tell the note exists.
      await editNote('rep2', repNote.id, { body: 'Hijacked', version: 1 }).expect(404);
      await editNote('repSouth', repNote.id, { body: 'Hijacked', version: 1 }).expect(404);
      expect((await t.query<{ body: string }>('SELECT body FROM notes WHERE id = $1', [repNote.id]))[0]!.body).toBe('Rep wrote this');

      // The owner of the record and the team's head may; the operator may still change their own note.
      await editNote('rep', operatorNote.id, { body: 'Tidied by the owner', version: 1 }).expect(200);
      await editNote('head', repNote.id, { body: 'Tidied by the head', version: 1 }).expect(200);
      await editNote('operator', operatorNote.id, { body: 'Operator again', version: 2 }).expect(200);
    });

    it('soft-deletes a note, audits it and hides it everywhere', async () => {
      const note = (await addNote('rep', repContact, 'To be deleted').expect(201)).body as Note;
      await t.http.delete(`/api/v1/notes/${note.id}`).set(as('rep')).set('if-match', '"7"').expect(409);
      await t.http.delete(`/api/v1/notes/${note.id}`).set(as('rep')).expect(204);
      const listed = await listNotes('rep', repContact).expect(200);
      expect(listed.body.items.map((item: Note) => item.id)).not.toContain(note.id);
      await editNote('rep', note.id, { body: 'Back?', version: 2 }).expect(404);
      await t.http.delete(`/api/v1/notes/${note.id}`).set(as('rep')).expect(404);
      const [, deletion] = await auditOf(note.id);
      expect(deletion!.action).toBe('delete');
      expect(Object.keys(deletion!.changes)).toEqual(['deletedAt']);
      expect(deletion!.changes.deletedAt!.from).toBeNull();
    });
  });

  describe('input', () => {
    it('refuses blank, too long and NUL bodies, unknown fields and bad ids with field errors', async () => {
      const field = async (response: Promise<{ body: { errors: { field: string }[] } }>) => (await response).body.errors[0]!.field;
      expect(await field(addNote('rep', repContact, '   ').expect(400))).toBe('body');
      expect(await field(addNote('rep', repContact, 'x'.repeat(10_001)).expect(400))).toBe('body');
      expect(await field(addNote('rep', repContact, 'nul \u0000 byte').expect(400))).toBe('body');
      expect(await field(addNote('rep', repContact, 42).expect(400))).toBe('body');
      expect(await field(t.http.post(`/api/v1/contacts/${repContact}/notes`).set(as('rep')).send({ body: 'x', pinned: true }).expect(400))).toBe('pinned');
      expect(await field(addNote('rep', 'not-a-uuid', 'x').expect(400))).toBe('id');
      expect(await field(editNote('rep', 'not-a-uuid', { body: 'x', version: 1 }).expect(400))).toBe('id');
      expect(await field(listNotes('rep', repContact, '?limit=0').expect(400))).toBe('limit');
      expect((await listNotes('rep', repContact, '?cursor=garbage').expect(400)).body.code).toBe('invalid_cursor');
      await addNote('rep', repContact, 'x'.repeat(10_000)).expect(201);
    });
  });

  it('pages through notes newest first without gaps or repeats', async () => {
    const contact = (await t.http.post('/api/v1/contacts').set(as('rep')).send({ lastName: 'Paged' }).expect(201)).body.id;
    for (let index = 1; index <= 5; index++) await addNote('rep', contact, `Note ${index}`).expect(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Note[]; nextCursor: string | null } } = await listNotes('rep', contact, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...page.body.items.map((note) => note.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1']);
  });

  it('registers notes as links to contacts and companies, so a merge moves them', async () => {
    const survivor = (await t.http.post('/api/v1/contacts').set(as('rep')).send({ lastName: 'Survivor' }).expect(201)).body.id;
    const merged = (await t.http.post('/api/v1/contacts').set(as('rep')).send({ lastName: 'Merged' }).expect(201)).body.id;
    await addNote('rep', merged, 'Written on the duplicate').expect(201);
    // What a merge does with every registered link of the record that goes.
    for (const link of RECORD_LINKS.filter((candidate) => candidate.target === 'contact')) {
      const kind = link.kindColumn ? ` AND ${link.kindColumn} = '${link.target}'` : '';
      await t.query(`UPDATE ${link.table} SET ${link.column} = $1 WHERE ${link.column} = $2${kind}`, [survivor, merged]);
    }
    const listed = await listNotes('rep', survivor).expect(200);
    expect(listed.body.items.map((note: Note) => note.body)).toEqual(['Written on the duplicate']);
  });
});

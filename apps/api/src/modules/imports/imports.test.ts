import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import pg from 'pg';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { ImportRunner } from './import-runner.service.js';

interface Progress {
  total: number;
  done: number;
  ok: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

interface Import {
  id: string;
  status: string;
  header: string[];
  mapping: { column: number; field: string }[];
  preview: { row: number; cells: string[]; errors: { field: string; messages: string[] }[] }[];
  progress: Progress;
}

const csv = (lines: string[], delimiter = ',') => lines.map((line) => line.replaceAll(',', delimiter)).join('\r\n');

describe('imports', () => {
  let t: TestApp;

  const upload = (as: FixtureUser, entity: string, file: Buffer, name = 'clients.csv') =>
    t.http.post('/api/v1/imports').set('authorization', t.auth(as)).field('entity', entity).attach('file', file, name);

  const get = (as: FixtureUser, id: string) => t.http.get(`/api/v1/imports/${id}`).set('authorization', t.auth(as));

  async function finished(as: FixtureUser, id: string): Promise<Import> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const job = (await get(as, id).expect(200)).body as Import;
      if (job.status === 'completed' || job.status === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`Import still ${job.status}: ${JSON.stringify(job.progress)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Uploads, optionally changes the draft, starts and waits for the end. */
  async function runImport(as: FixtureUser, entity: string, file: Buffer, changes: Record<string, unknown> = {}, name?: string): Promise<Import> {
    const draft = (await upload(as, entity, file, name).expect(201)).body as Import;
    if (Object.keys(changes).length) await t.http.patch(`/api/v1/imports/${draft.id}`).set('authorization', t.auth(as)).send(changes).expect(200);
    await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth(as)).expect(202);
    return finished(as, draft.id);
  }

  const contactsNamed = (lastName: string) =>
    t.query<{ first_name: string; owner_id: string; emails_normalized: string[]; phones_normalized: string[]; position: string | null; version: number }>(
      'SELECT first_name, owner_id, emails_normalized, phones_normalized, position, version FROM contacts WHERE last_name = $1 ORDER BY first_name',
      [lastName],
    );

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('a CSV in UTF-8 with a BOM', () => {
    const file = Buffer.from(
      '\uFEFF' +
        csv([
          'First name,Last name,E-mail,Phone,Position,Tags',
          'Anna,Utf,anna@utf.example,+371 2612 3456,CEO,"vip, new"',
          'Jānis,Utf,janis@utf.example,26 123 457,,',
          'Broken,Utf,not-an-email,,,',
          'Ömer,Utf,omer@utf.example,+371 (2612) 34-58,,',
        ]),
    );
    let draft: Import;

    it('answers a draft with the header, a suggested mapping and the first rows validated', async () => {
      draft = (await upload('rep', 'contact', file).expect(201)).body;
      expect(draft).toMatchObject({ status: 'draft', header: ['First name', 'Last name', 'E-mail', 'Phone', 'Position', 'Tags'] });
      expect(draft.mapping).toEqual([
        { column: 0, field: 'firstName' },
        { column: 1, field: 'lastName' },
        { column: 2, field: 'email' },
        { column: 3, field: 'phone' },
        { column: 4, field: 'position' },
        { column: 5, field: 'tags' },
      ]);
      expect(draft.progress).toMatchObject({ total: 4, done: 0 });
      expect(draft.preview.map((row) => row.errors.map((error) => error.field))).toEqual([[], [], ['emails[0].value'], []]);
      expect(draft.preview[1]!.cells[0]).toBe('Jānis');
    });

    it('imports the valid rows as the importing user, with normalized keys and an audit entry carrying the start request id', async () => {
      await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('rep')).set('x-request-id', 'import-start-1').expect(202);
      const done = await finished('rep', draft.id);
      expect(done.status).toBe('completed');
      expect(done.progress).toEqual({ total: 4, done: 4, ok: 3, created: 3, updated: 0, skipped: 0, failed: 1 });
      const rows = await contactsNamed('Utf');
      expect(rows.map((row) => row.first_name)).toEqual(['Anna', 'Jānis', 'Ömer']);
      expect(rows.every((row) => row.owner_id === t.users.rep.id)).toBe(true);
      expect(rows.map((row) => row.phones_normalized)).toEqual([['+37126123456'], ['+37126123457'], ['+37126123458']]);
      const audit = await t.query<{ action: string; request_id: string; actor_user_id: string }>(
        `SELECT a.action, a.request_id, a.actor_user_id FROM audit_log a JOIN contacts c ON c.id = a.entity_id WHERE c.last_name = 'Utf'`,
      );
      expect(audit).toHaveLength(3);
      expect(audit.every((entry) => entry.action === 'create' && entry.request_id === 'import-start-1' && entry.actor_user_id === t.users.rep.id)).toBe(true);
      const [anna] = (await t.http.get('/api/v1/contacts?q=anna@utf').set('authorization', t.auth('rep')).expect(200)).body.items;
      expect(anna).toMatchObject({ position: 'CEO', tags: ['vip', 'new'], emails: [{ type: 'work', value: 'anna@utf.example' }] });

      // The history of an imported contact reads like that of one created through the API.
      const twin = (
        await t.http
          .post('/api/v1/contacts?force=true')
          .set('authorization', t.auth('rep'))
          .send({ firstName: 'Anna', lastName: 'Utf', position: 'CEO', tags: ['vip', 'new'], emails: anna.emails, phones: anna.phones })
          .expect(201)
      ).body;
      const changesOf = async (id: string) =>
        (await t.query<{ changes: Record<string, { to: unknown }> }>(`SELECT changes FROM audit_log WHERE entity_id = $1`, [id]))[0]!.changes;
      const [imported, created] = [await changesOf(anna.id), await changesOf(twin.id)];
      expect({ ...imported, id: null }).toEqual({ ...created, id: null });
      await t.query('DELETE FROM contacts WHERE id = $1', [twin.id]);
    });

    it('offers the failed rows as CSV with an error column', async () => {
      const response = await t.http.get(`/api/v1/imports/${draft.id}/failed-rows.csv`).set('authorization', t.auth('rep')).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toContain('clients-failed-rows.csv');
      const text = response.text;
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text.slice(1).trim().split('\r\n')).toEqual([
        'First name,Last name,E-mail,Phone,Position,Tags,Error',
        'Broken,Utf,not-an-email,,,,emails[0].value: value must be an email',
      ]);
    });

    it('creates nothing when the same file comes again: duplicates are skipped', async () => {
      const again = await runImport('rep', 'contact', file);
      expect(again.progress).toMatchObject({ created: 0, skipped: 3, failed: 1 });
      expect(await contactsNamed('Utf')).toHaveLength(3);
    });
  });

  it('reads Windows-1251 with semicolons and Russian titles', async () => {
    const text = csv(['Имя,Фамилия,Эл. почта,Телефон,Должность,Статус', 'Иван,Петров,ivan@cp.example,8 912 345-67-89,Директор,client'], ';');
    const file = iconv.encode(text, 'windows-1251');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow();
    const draft = (await upload('rep', 'contact', file).expect(201)).body as Import;
    expect(draft.header).toEqual(['Имя', 'Фамилия', 'Эл. почта', 'Телефон', 'Должность', 'Статус']);
    expect(draft.mapping.map((mapped) => mapped.field)).toEqual(['firstName', 'lastName', 'email', 'phone', 'position', 'status']);
    await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('rep')).expect(202);
    expect((await finished('rep', draft.id)).progress).toMatchObject({ created: 1, failed: 0 });
    const [ivan] = await t.query<{ first_name: string; position: string; status: string }>(
      `SELECT first_name, position, status FROM contacts WHERE last_name = 'Петров'`,
    );
    expect(ivan).toEqual({ first_name: 'Иван', position: 'Директор', status: 'client' });
  });

  it('reads a tab-separated file and one with pipes', async () => {
    const tabbed = await runImport('rep', 'contact', Buffer.from(csv(['Last name,Email', 'Tabbed,tab@sep.example'], '\t')));
    const piped = await runImport('rep', 'contact', Buffer.from(csv(['Last name,Email', 'Piped,pipe@sep.example'], '|')));
    expect([tabbed.progress.created, piped.progress.created]).toEqual([1, 1]);
  });

  it('reads XLSX and imports companies with tax ids, deduplicated by tax id', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Компании');
    sheet.addRow(['Название', 'ИНН', 'Сайт', 'Телефон', 'Теги']);
    sheet.addRow(['Baltic Timber', 'LV 4000-3245.752', 'https://timber.example', 37126000001, 'wood']);
    sheet.addRow(['Baltic Timber SIA', 'lv40003245752', '', '', '']);
    sheet.addRow(['Riga Steel', 'LV40001111111', 'not a url', '', '']);
    sheet.addRow([{ richText: [{ text: 'Rich ' }, { text: 'Text Ltd' }] }, '', '', '', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const draft = (await upload('head', 'company', file, 'companies.xlsx').expect(201)).body as Import;
    expect(draft.mapping.map((mapped) => mapped.field)).toEqual(['name', 'taxId', 'website', 'phone', 'tags']);
    expect(draft.preview.map((row) => row.errors.map((error) => error.field))).toEqual([[], [], ['website'], []]);
    await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('head')).expect(202);
    const done = await finished('head', draft.id);
    expect(done.progress).toMatchObject({ total: 4, created: 2, skipped: 1, failed: 1 });
    const companies = await t.query<{ name: string; tax_id_normalized: string | null; phones_normalized: string[] }>(
      `SELECT name, tax_id_normalized, phones_normalized FROM companies WHERE owner_id = $1 ORDER BY name`,
      [t.users.head.id],
    );
    expect(companies).toEqual([
      { name: 'Baltic Timber', tax_id_normalized: 'LV40003245752', phones_normalized: ['+37126000001'] },
      { name: 'Rich Text Ltd', tax_id_normalized: null, phones_normalized: [] },
    ]);
  });

  describe('duplicates', () => {
    const first = Buffer.from(
      csv([
        'First name,Last name,Email,Phone,Position',
        'One,Dup,one@dup.example,,Clerk',
        'Two,Dup,,+371 2000 0002,Clerk',
        'One Again,Dup,ONE@dup.example,,Manager',
      ]),
    );

    it('counts a row repeating an earlier row of the same file as a duplicate', async () => {
      const done = await runImport('rep2', 'contact', first);
      expect(done.progress).toMatchObject({ created: 2, skipped: 1 });
      expect((await contactsNamed('Dup')).map((row) => row.first_name)).toEqual(['One', 'Two']);
    });

    it('updates duplicates under the update policy, by email or by phone written another way, keeping one record each', async () => {
      const update = Buffer.from(csv(['Email,Phone,Position,Tags', 'one@dup.example,+371 2000 0009,Director,updated', ',20000002,Engineer,updated']));
      const done = await runImport('rep2', 'contact', update, { duplicatePolicy: 'update' });
      expect(done.progress).toMatchObject({ created: 0, updated: 2, failed: 0 });
      const rows = await contactsNamed('Dup');
      expect(rows.map((row) => [row.first_name, row.position, row.version])).toEqual([
        ['One', 'Director', 2],
        ['Two', 'Engineer', 2],
      ]);
      expect(rows[0]!.phones_normalized).toEqual(['+37120000009']);
      const audit = await t.query<{ changes: Record<string, { from: unknown; to: unknown }> }>(
        `SELECT a.changes FROM audit_log a JOIN contacts c ON c.id = a.entity_id WHERE c.first_name = 'One' AND c.last_name = 'Dup' AND a.action = 'update'`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.changes.position).toEqual({ from: 'Clerk', to: 'Director' });
    });

    it('creates duplicates on purpose under the create policy', async () => {
      const done = await runImport('rep2', 'contact', Buffer.from(csv(['Last name,Email', 'Dup,one@dup.example'])), { duplicatePolicy: 'create' });
      expect(done.progress).toMatchObject({ created: 1 });
      expect(await contactsNamed('Dup')).toHaveLength(3);
    });

    it('fails rows that would update records outside the actor\'s update level, with the reason', async () => {
      const done = await runImport('rep', 'contact', Buffer.from(csv(['Email,Position', 'one@dup.example,Thief'])), { duplicatePolicy: 'update' });
      expect(done.progress).toMatchObject({ updated: 0, failed: 1 });
      const failed = await t.http.get(`/api/v1/imports/${done.id}/failed-rows.csv`).set('authorization', t.auth('rep')).expect(200);
      expect(failed.text).toContain('which you may not change');
      expect((await contactsNamed('Dup')).map((row) => row.position)).not.toContain('Thief');
    });
  });

  describe('owners', () => {
    it('assigns a mapped owner the actor may assign and refuses others', async () => {
      const file = Buffer.from(csv(['Last name,Owner', 'Owned,rep@test.crm', 'Owned,repsouth@test.crm', 'Owned,nobody@test.crm']));
      const done = await runImport('head', 'contact', file);
      expect(done.progress).toMatchObject({ created: 1, failed: 2 });
      expect((await contactsNamed('Owned')).map((row) => row.owner_id)).toEqual([t.users.rep.id]);
      const failed = (await t.http.get(`/api/v1/imports/${done.id}/failed-rows.csv`).set('authorization', t.auth('head')).expect(200)).text;
      expect(failed).toContain('you may not make repsouth@test.crm the owner');
      expect(failed).toContain('no active user has the email nobody@test.crm');
    });
  });

  describe('permissions and validation', () => {
    const small = Buffer.from(csv(['Last name', 'Allowed']));

    it('refuses an import to a role that may not create the records', async () => {
      expect((await upload('analyst', 'contact', small).expect(403)).body.code).toBe('permission_denied');
    });

    it('lets an operator skip duplicates but not update them without update rights beyond their own', async () => {
      const draft = (await upload('operator', 'contact', small).expect(201)).body as Import;
      await t.http.patch(`/api/v1/imports/${draft.id}`).set('authorization', t.auth('operator')).send({ duplicatePolicy: 'update' }).expect(200);
      await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('operator')).expect(202);
      expect((await finished('operator', draft.id)).progress.created).toBe(1);
    });

    it('keeps each user\'s imports to themselves', async () => {
      const draft = (await upload('rep', 'contact', small).expect(201)).body as Import;
      expect((await get('rep2', draft.id).expect(404)).body.code).toBe('record_not_found');
      const mine = (await t.http.get('/api/v1/imports').set('authorization', t.auth('rep')).expect(200)).body;
      expect(mine.items[0].id).toBe(draft.id);
      const theirs = (await t.http.get('/api/v1/imports').set('authorization', t.auth('rep2')).expect(200)).body;
      expect(theirs.items.map((item: Import) => item.id)).not.toContain(draft.id);
    });

    it('answers 4xx problems to bad uploads and mappings, and changes nothing', async () => {
      const before = await t.query('SELECT count(*) FROM imports');
      await t.http.post('/api/v1/imports').set('authorization', t.auth('rep')).send({ entity: 'contact' }).expect(415);
      expect((await upload('rep', 'deal', small).expect(400)).body.errors[0].field).toBe('entity');
      expect((await upload('rep', 'contact', Buffer.from('Last name\r\n')).expect(400)).body.errors[0].field).toBe('file');
      expect((await upload('rep', 'contact', Buffer.from('PK\u0003\u0004garbage'), 'x.xlsx').expect(400)).body.code).toBe('file_unreadable');
      expect(await t.query('SELECT count(*) FROM imports')).toEqual(before);

      const draft = (await upload('rep', 'contact', Buffer.from(csv(['Position', 'CEO']))).expect(201)).body as Import;
      const patch = (body: object) => t.http.patch(`/api/v1/imports/${draft.id}`).set('authorization', t.auth('rep')).send(body);
      expect((await patch({ mapping: [{ column: 5, field: 'lastName' }] }).expect(400)).body.errors[0].field).toBe('mapping');
      expect((await patch({ mapping: [{ column: 0, field: 'taxId' }] }).expect(400)).body.errors[0].field).toBe('mapping');
      expect((await patch({ mapping: [{ column: 0, field: 'nonsense' }] }).expect(400)).body.errors[0].field).toBe('mapping[0].field');
      expect((await patch({ duplicatePolicy: 'merge' }).expect(400)).body.errors[0].field).toBe('duplicatePolicy');
      const start = await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('rep')).expect(400);
      expect(start.body.errors[0].codes).toEqual(['requiredFieldUnmapped']);

      const mapped = (await patch({ mapping: [{ column: 0, field: 'lastName' }] }).expect(200)).body as Import;
      expect(mapped.preview[0]!.errors).toEqual([]);
      await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('rep')).expect(202);
      expect((await patch({ duplicatePolicy: 'update' }).expect(409)).body.code).toBe('import_not_draft');
      await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('rep')).expect(409);
      await finished('rep', draft.id);
    });
  });

  describe('resuming', () => {
    const rows = 2_500;
    const file = Buffer.from(
      csv(['First name,Last name,Email', ...Array.from({ length: rows }, (_, index) => `Row${index + 1},Resume,row${index + 1}@resume.example`)]),
    );

    afterAll(() => t.query('DROP TRIGGER IF EXISTS crash_on_row ON contacts'));

    it('leaves no half batch when a batch fails, and goes on from the last committed batch', async () => {
      // A worker that dies in the middle of the second batch: the row 1500 cannot be written.
      await t.query(`CREATE FUNCTION crash_on_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.first_name = 'Row1500' THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
      await t.query('CREATE TRIGGER crash_on_row BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION crash_on_row()');

      const draft = (await upload('rep', 'contact', file).expect(201)).body as Import;
      await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('rep')).expect(202);
      const deadline = Date.now() + 20_000;
      let job: { attempts: number; rows_done: number; status: string };
      do {
        [job] = (await t.query('SELECT attempts, rows_done, status FROM imports WHERE id = $1', [draft.id])) as [typeof job];
        await new Promise((resolve) => setTimeout(resolve, 100));
      } while (job.attempts === 0 && Date.now() < deadline);
      expect(job).toEqual({ attempts: 1, rows_done: 1_000, status: 'running' });
      expect(await contactsNamed('Resume')).toHaveLength(1_000);

      // The worker is gone and the job looks stuck: the sweep of another instance picks it up.
      await t.query('DROP TRIGGER crash_on_row ON contacts');
      await t.query(`UPDATE imports SET updated_at = now() - interval '1 hour' WHERE id = $1`, [draft.id]);
      expect(await t.app.get(ImportRunner).resumeInterrupted()).toEqual([draft.id]);
      const done = await finished('rep', draft.id);
      expect(done.progress).toEqual({ total: rows, done: rows, ok: rows, created: rows, updated: 0, skipped: 0, failed: 0 });
      const [counts] = await t.query<{ contacts: string; emails: string; audit: string }>(
        `SELECT count(*) AS contacts, count(DISTINCT emails_normalized[1]) AS emails,
                (SELECT count(*) FROM audit_log a WHERE a.entity_id IN (SELECT id FROM contacts WHERE last_name = 'Resume')) AS audit
         FROM contacts WHERE last_name = 'Resume'`,
      );
      expect(counts).toEqual({ contacts: String(rows), emails: String(rows), audit: String(rows) });
    }, 30_000); // two imports of 3,000 rows: seconds on a busy machine

    it('leaves an unfinished job alone while a worker session holds it', async () => {
      const draft = (await upload('rep', 'contact', Buffer.from(csv(['Last name', 'Held']))).expect(201)).body as Import;
      await t.query(`UPDATE imports SET status = 'running', run_as = $2, updated_at = now() - interval '1 hour' WHERE id = $1`, [
        draft.id,
        JSON.stringify({ kind: 'user', userId: t.users.rep.id, teamId: t.users.rep.teamId, roleId: t.users.rep.roleId, apiKeyId: null, requestId: 'held', permissions: (await t.http.get('/api/v1/auth/me').set('authorization', t.auth('rep'))).body.permissions }),
      ]);
      const worker = new pg.Client({ connectionString: t.databaseUrl });
      await worker.connect();
      try {
        await worker.query('SELECT pg_advisory_lock(7340030, hashtext($1))', [draft.id]);
        expect(await t.app.get(ImportRunner).resumeInterrupted()).toEqual([]);
      } finally {
        await worker.end();
      }
      expect(await t.app.get(ImportRunner).resumeInterrupted()).toEqual([draft.id]);
      expect((await finished('rep', draft.id)).progress.created).toBe(1);
    });
  });
});

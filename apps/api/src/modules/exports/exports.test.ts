import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

/** Collects a binary answer (supertest only buffers text by itself). */
function binary(response: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

const lines = (text: string) => text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe('exports', () => {
  let t: TestApp;
  const exportAs = (as: FixtureUser, path: string) => t.http.get(path).set('authorization', t.auth(as));

  beforeAll(async () => {
    t = await startTestApp();
    const contact = (owner: FixtureUser, body: Record<string, unknown>) =>
      t.http.post('/api/v1/contacts').set('authorization', t.auth('admin')).send({ ...body, ownerId: t.users[owner].id }).expect(201);
    const company = (await t.http.post('/api/v1/companies').set('authorization', t.auth('admin')).send({ name: 'ООО Ромашка', taxId: '7701234567' }).expect(201)).body;
    await contact('rep', { firstName: 'Иван', lastName: 'Петров', companyId: company.id, status: 'client', tags: ['vip'], emails: [{ type: 'work', value: 'ivan@romashka.example' }], phones: [{ type: 'mobile', value: '+7 912 345-67-89' }, { type: 'work', value: '+7 495 123-45-67' }], address: { country: 'RU', city: 'Москва' } });
    await contact('rep2', { firstName: 'Līga', lastName: 'Kalniņa', status: 'lead', emails: [{ type: 'work', value: 'liga@example.lv' }] });
    await contact('repSouth', { firstName: 'José', lastName: 'García', status: 'client' });
    await contact('head', { lastName: '=HYPERLINK("http://evil.example")', status: 'lead' });
  });
  afterAll(() => t.close());

  it('streams CSV in UTF-8 with a BOM, titled like the import fields, with a file name', async () => {
    const response = await exportAs('admin', '/api/v1/contacts/export?format=csv').expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(response.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = lines(response.text);
    expect(header).toBe(
      'Id,First name,Middle name,Last name,Position,Company,Status,Email,Phone,Tags,Owner,Country,Region,City,Street,Postal code,Lead source,UTM source,UTM medium,UTM campaign,UTM term,UTM content,Created at,Updated at',
    );
    expect(rows).toHaveLength(4);
    const ivan = rows.find((row) => row.includes('Иван'))!;
    expect(ivan).toContain(',Иван,,Петров,,ООО Ромашка,client,ivan@romashka.example,+7 912 345-67-89; +7 495 123-45-67,vip,rep@test.crm,RU,,Москва,');
    // A cell a spreadsheet would run as a formula is defused; phone numbers are not.
    expect(rows.find((row) => row.includes('HYPERLINK'))).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  });

  it('applies the list filters', async () => {
    const clients = lines((await exportAs('admin', '/api/v1/contacts/export?status=client&tag=vip').expect(200)).text);
    expect(clients.slice(1).map((row) => row.split(',')[3])).toEqual(['Петров']);
    const search = lines((await exportAs('admin', '/api/v1/contacts/export?q=kalni').expect(200)).text);
    expect(search).toHaveLength(2);
    expect((await exportAs('admin', '/api/v1/contacts/export?status=vip').expect(400)).body.errors[0].field).toBe('status');
    expect((await exportAs('admin', '/api/v1/contacts/export?format=pdf').expect(400)).body.errors[0].field).toBe('format');
  });

  it('streams XLSX that Excel reads', async () => {
    const response = await exportAs('admin', '/api/v1/companies/export?format=xlsx').buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toMatch(/filename="companies-.*\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([response.body as Buffer]));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('companies');
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['Id', 'Name', 'Tax id', 'Website', 'Owner', 'Created at']));
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe('ООО Ромашка');
    expect(sheet.getRow(2).getCell(4).value).toBe('7701234567');
  });

  it('holds only what the role may export', async () => {
    // Built-in operators and sales reps may export nothing.
    expect((await exportAs('operator', '/api/v1/contacts/export').expect(403)).body.code).toBe('permission_denied');
    await exportAs('rep', '/api/v1/companies/export').expect(403);

    // A rep whose role may export their own contacts gets only those.
    const role = await t.http
      .post('/api/v1/roles')
      .set('authorization', t.auth('admin'))
      .send({ key: 'exporting_rep', name: 'Exporting rep', permissions: { contact: { create: 'own', read: 'own', update: 'own', export: 'own' } } })
      .expect(201);
    await t.query('UPDATE users SET role_id = $2 WHERE id = $1', [t.users.rep2.id, role.body.id]);
    const own = lines((await exportAs('rep2', '/api/v1/contacts/export').expect(200)).text);
    expect(own.slice(1).map((row) => row.split(',')[3])).toEqual(['Kalniņa']);

    const head = lines((await exportAs('head', '/api/v1/contacts/export').expect(200)).text);
    expect(head.slice(1).map((row) => row.split(',')[3]).sort()).toEqual(['"\'=HYPERLINK(""http://evil.example"")"', 'Kalniņa', 'Петров'].sort());
  });

  it('pages through large lists with a keyset cursor, every record once', async () => {
    await t.query(
      `INSERT INTO contacts (first_name, last_name, tags, owner_id, created_at)
       SELECT 'Bulk', 'Row ' || n, '{bulk}', $1, now() - make_interval(secs => n % 7) FROM generate_series(1, 2500) AS n`,
      [t.users.head.id],
    );
    const rows = lines((await exportAs('admin', '/api/v1/contacts/export?tag=bulk').expect(200)).text).slice(1);
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((row) => row.split(',')[0])).size).toBe(2500);
  });

  it('exports a file that imports back as duplicates only', async () => {
    const file = (await exportAs('admin', '/api/v1/contacts/export?status=client').expect(200)).text;
    const draft = (await t.http.post('/api/v1/imports').set('authorization', t.auth('admin')).field('entity', 'contact').attach('file', Buffer.from(file), 'contacts.csv').expect(201)).body;
    expect(draft.mapping.map((mapped: { field: string }) => mapped.field)).toEqual([
      'firstName', 'middleName', 'lastName', 'position', 'company', 'status', 'email', 'phone', 'tags', 'owner', 'country', 'region', 'city', 'street', 'postalCode', 'leadSource', 'utmSource', 'utmMedium', 'utmCampaign', 'utmTerm', 'utmContent',
    ]);
    expect(draft.preview.map((row: { errors: unknown[] }) => row.errors)).toEqual([[], []]);
    await t.http.post(`/api/v1/imports/${draft.id}/start`).set('authorization', t.auth('admin')).expect(202);
    let job = draft;
    while (job.status !== 'completed' && job.status !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await t.http.get(`/api/v1/imports/${draft.id}`).set('authorization', t.auth('admin')).expect(200)).body;
    }
    // Ivan by his email; José has no key, so he comes in again.
    expect(job.progress).toMatchObject({ total: 2, skipped: 1, created: 1, failed: 0 });
  });
});

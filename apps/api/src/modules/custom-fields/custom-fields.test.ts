import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Field {
  id: string;
  key: string;
  version: number;
  [member: string]: unknown;
}

interface Contact {
  id: string;
  lastName: string;
  version: number;
  custom: Record<string, unknown>;
}

const OPTIONS = (...values: string[]) => values.map((value) => ({ value, labels: { en: value.toUpperCase() } }));

describe('custom fields', () => {
  let t: TestApp;
  const fields: Record<string, Field> = {};

  const defineField = (as: FixtureUser, body: Record<string, unknown>) =>
    t.http.post('/api/v1/custom-fields').set('authorization', t.auth(as)).send(body);
  const createContact = (as: FixtureUser, body: Record<string, unknown>) =>
    t.http.post('/api/v1/contacts').set('authorization', t.auth(as)).send(body);
  const patchContact = (as: FixtureUser, contact: Contact, body: Record<string, unknown>) =>
    t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth(as)).send({ version: contact.version, ...body });
  const list = (as: FixtureUser, query: string) => t.http.get(`/api/v1/contacts?${query}`).set('authorization', t.auth(as));
  const fieldErrors = (body: { errors?: { field: string; codes?: string[] }[] }) =>
    Object.fromEntries((body.errors ?? []).map((error) => [error.field, error.codes?.[0]]));

  beforeAll(async () => {
    t = await startTestApp();
    const definitions: [string, string, Record<string, unknown>?][] = [
      ['note', 'text'],
      ['employees', 'number'],
      ['budget', 'money'],
      ['since', 'date'],
      ['vip', 'boolean'],
      ['region', 'select', { options: OPTIONS('north', 'south', 'east') }],
      ['interests', 'multi-select', { options: OPTIONS('wood', 'steel', 'glass') }],
      ['homepage', 'url'],
      ['mobile', 'phone'],
      ['billing_email', 'email'],
    ];
    for (const [key, type, extra] of definitions) {
      const response = await defineField('admin', { entity: 'contact', key, type, labels: { en: key, ru: `${key} (ru)` }, ...extra }).expect(201);
      fields[key] = response.body;
    }
  });
  afterAll(() => t.close());

  describe('definitions', () => {
    it('are listed by position for whoever may read the records, and changed only by admins', async () => {
      for (const role of ['rep', 'analyst', 'operator', 'admin'] as const) {
        const response = await t.http.get('/api/v1/custom-fields?entity=contact').set('authorization', t.auth(role)).expect(200);
        expect(response.body.items.map((field: Field) => field.key)).toEqual(Object.keys(fields));
      }
      expect(fields.region).toMatchObject({ entity: 'contact', type: 'select', required: false, active: true, position: 5, labels: { en: 'region', ru: 'region (ru)' } });
      await defineField('head', { entity: 'contact', key: 'x', type: 'text', labels: { en: 'X' } }).expect(403);
      await t.http.patch(`/api/v1/custom-fields/${fields.note!.id}`).set('authorization', t.auth('rep')).send({ version: 1, required: true }).expect(403);
      await t.http.delete(`/api/v1/custom-fields/${fields.note!.id}`).set('authorization', t.auth('head')).expect(403);
    });

    it('refuses a taken key, a bad key, options on the wrong type, and changes of key or type', async () => {
      const taken = await defineField('admin', { entity: 'contact', key: 'region', type: 'text', labels: { en: 'Again' } }).expect(409);
      expect(taken.body).toMatchObject({ code: 'custom_field_key_taken', errors: [{ field: 'key', codes: ['customFieldKeyTaken'] }] });
      // The same key on the other entity is another field.
      await defineField('admin', { entity: 'company', key: 'region', type: 'select', labels: { en: 'Region' }, options: OPTIONS('north') }).expect(201);

      const invalid = await defineField('admin', { entity: 'task', key: 'Bad Key', type: 'colour', labels: { ru: 'нет en' } }).expect(400);
      expect(Object.keys(fieldErrors(invalid.body)).sort()).toEqual(['entity', 'key', 'labels.en', 'type']);
      const noOptions = await defineField('admin', { entity: 'contact', key: 'tier', type: 'select', labels: { en: 'Tier' } }).expect(400);
      expect(fieldErrors(noOptions.body)).toEqual({ options: 'arrayNotEmpty' });
      const strayOptions = await defineField('admin', { entity: 'contact', key: 'tier', type: 'text', labels: { en: 'Tier' }, options: OPTIONS('a') }).expect(400);
      expect(fieldErrors(strayOptions.body)).toEqual({ options: 'optionsNotAllowed' });
      const duplicates = await defineField('admin', { entity: 'contact', key: 'tier', type: 'select', labels: { en: 'Tier' }, options: OPTIONS('a', 'a') }).expect(400);
      expect(Object.keys(fieldErrors(duplicates.body))).toEqual(['options']);

      const immutable = await t.http
        .patch(`/api/v1/custom-fields/${fields.note!.id}`)
        .set('authorization', t.auth('admin'))
        .send({ version: fields.note!.version, key: 'remark', type: 'number' })
        .expect(400);
      expect(Object.keys(fieldErrors(immutable.body)).sort()).toEqual(['key', 'type']);
    });

    it('builds the sort and search indexes of each field', async () => {
      const indexes = await t.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'contacts' AND indexname LIKE 'contacts_cf_%' ORDER BY 1`);
      const names = indexes.map((row) => row.indexname);
      for (const key of Object.keys(fields)) expect(names).toContain(`contacts_cf_${key}_idx`);
      expect(names.filter((name) => name.endsWith('_trgm_idx')).sort()).toEqual(
        ['billing_email', 'homepage', 'mobile', 'note'].map((key) => `contacts_cf_${key}_trgm_idx`),
      );
      const invalid = await t.query(`SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'contacts_cf_%' AND NOT i.indisvalid`);
      expect(invalid).toEqual([]);
    });

    it('reorders the fields of an entity, which must all be named once', async () => {
      const ids = Object.values(fields).map((field) => field.id);
      const reversed = await t.http.post('/api/v1/custom-fields/reorder').set('authorization', t.auth('admin')).send({ entity: 'contact', ids: [...ids].reverse() }).expect(200);
      expect(reversed.body.items.map((field: Field) => field.key)).toEqual(Object.keys(fields).reverse());
      await t.http.post('/api/v1/custom-fields/reorder').set('authorization', t.auth('admin')).send({ entity: 'contact', ids: ids.slice(1) }).expect(400);
      const back = await t.http.post('/api/v1/custom-fields/reorder').set('authorization', t.auth('admin')).send({ entity: 'contact', ids }).expect(200);
      expect(back.body.items.map((field: Field) => field.position)).toEqual(ids.map((_, index) => index));
      await t.http.post('/api/v1/custom-fields/reorder').set('authorization', t.auth('rep')).send({ entity: 'contact', ids }).expect(403);
    });
  });

  describe('values', () => {
    const valid: [string, unknown, unknown][] = [
      ['note', '  Met at the fair  ', 'Met at the fair'],
      ['employees', 250, 250],
      ['employees', '12.5', 12.5],
      ['budget', 1250.5, '1250.50'],
      ['budget', '-0.5', '-0.50'],
      ['budget', '007', '7.00'],
      ['since', '2024-02-29', '2024-02-29'],
      ['since', '2024-03-01T23:30:00+02:00', '2024-03-01'],
      ['vip', false, false],
      ['region', 'south', 'south'],
      ['interests', ['steel', 'wood', 'steel'], ['steel', 'wood']],
      ['homepage', 'https://example.com/a?b=c', 'https://example.com/a?b=c'],
      ['mobile', '+371 2612 3456', '+37126123456'],
      ['billing_email', ' Billing@Example.COM ', 'billing@example.com'],
    ];

    it.each(valid)('stores a valid %s value %j as %j', async (key, input, stored) => {
      const response = await createContact('rep', { lastName: `Valid ${key}`, custom: { [key]: input } }).expect(201);
      expect(response.body.custom).toEqual({ [key]: stored });
      const [row] = await t.query<{ custom: Record<string, unknown> }>('SELECT custom FROM contacts WHERE id = $1', [response.body.id]);
      expect(row!.custom).toEqual({ [key]: stored });
    });

    const invalid: [string, unknown, string][] = [
      ['note', 42, 'isString'],
      ['note', 'x'.repeat(1001), 'maxLength'],
      ['employees', 'many', 'isNumber'],
      ['employees', 1e16, 'max'],
      ['budget', 10.005, 'isMoney'],
      ['budget', '1,5', 'isMoney'],
      ['since', '2023-02-29', 'isDate'],
      ['since', '01.02.2024', 'isDate'],
      ['vip', 'yes', 'isBoolean'],
      ['region', 'west', 'isIn'],
      ['region', ['north'], 'isIn'],
      ['interests', 'wood', 'isArray'],
      ['interests', ['wood', 'paper'], 'isIn'],
      ['homepage', 'example.com', 'isUrl'],
      ['homepage', 'ftp://example.com', 'isUrl'],
      ['mobile', 'call me', 'phone'],
      ['billing_email', 'billing@', 'isEmail'],
      ['nickname', 'Anna', 'unknownField'],
    ];

    it.each(invalid)('refuses a %s value %j with %s, and writes nothing', async (key, input, code) => {
      const response = await createContact('rep', { lastName: `Invalid ${key}`, custom: { [key]: input } }).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('validation_failed');
      expect(fieldErrors(response.body)).toEqual({ [`custom.${key}`]: code });
      expect(await t.query(`SELECT 1 FROM contacts WHERE last_name = $1`, [`Invalid ${key}`])).toEqual([]);
    });

    it('reports every broken value at once and refuses a custom that is no object', async () => {
      const response = await createContact('rep', { lastName: 'Many', custom: { employees: 'x', vip: 1, since: 'now' } }).expect(400);
      expect(fieldErrors(response.body)).toEqual({ 'custom.employees': 'isNumber', 'custom.vip': 'isBoolean', 'custom.since': 'isDate' });
      const notObject = await createContact('rep', { lastName: 'Array', custom: ['x'] }).expect(400);
      expect(fieldErrors(notObject.body)).toEqual({ custom: 'isObject' });
    });

    it('merges an update over the stored values: null removes one, others stay', async () => {
      const contact = (await createContact('rep', { lastName: 'Merge', custom: { region: 'north', employees: 10 } }).expect(201)).body as Contact;
      const updated = await patchContact('rep', contact, { custom: { employees: null, vip: true } }).expect(200);
      expect(updated.body.custom).toEqual({ region: 'north', vip: true });
      const untouched = await patchContact('rep', updated.body, { position: 'CEO' }).expect(200);
      expect(untouched.body.custom).toEqual({ region: 'north', vip: true });

      // The history names each custom field that changed.
      const audit = await t.http.get(`/api/v1/audit?entity=contact&id=${contact.id}`).set('authorization', t.auth('rep')).expect(200);
      expect(audit.body.items[1].changes).toEqual({ 'custom.employees': { from: 10, to: null }, 'custom.vip': { from: null, to: true } });
    });

    it('requires a required field on create and keeps it from being emptied, but not from other edits', async () => {
      const old = (await createContact('rep', { lastName: 'Before required' }).expect(201)).body as Contact;
      const tier = await defineField('admin', { entity: 'contact', key: 'tier', type: 'select', labels: { en: 'Tier' }, required: true, options: OPTIONS('gold', 'silver') }).expect(201);
      try {
        const missing = await createContact('rep', { lastName: 'No tier' }).expect(400);
        expect(fieldErrors(missing.body)).toEqual({ 'custom.tier': 'required' });
        const created = (await createContact('rep', { lastName: 'Tiered', custom: { tier: 'gold' } }).expect(201)).body as Contact;
        const emptied = await patchContact('rep', created, { custom: { tier: null } }).expect(400);
        expect(fieldErrors(emptied.body)).toEqual({ 'custom.tier': 'required' });
        // A record from before the field became required can still be edited without it.
        await patchContact('rep', old, { position: 'Buyer' }).expect(200);

        // Options may change under stored values: a record keeps its value and stays editable.
        await t.http.patch(`/api/v1/custom-fields/${tier.body.id}`).set('authorization', t.auth('admin')).send({ version: 1, options: OPTIONS('silver') }).expect(200);
        const kept = await patchContact('rep', created, { position: 'Owner', custom: { tier: 'gold' } }).expect(200);
        expect(kept.body.custom.tier).toBe('gold');
      } finally {
        await t.http.delete(`/api/v1/custom-fields/${tier.body.id}`).set('authorization', t.auth('admin')).expect(204);
      }
    });

    it('refuses values of a deactivated field and keeps the values it holds', async () => {
      const contact = (await createContact('rep', { lastName: 'Inactive', custom: { note: 'kept' } }).expect(201)).body as Contact;
      const note = (await t.http.get('/api/v1/custom-fields?entity=contact').set('authorization', t.auth('admin'))).body.items.find((field: Field) => field.key === 'note');
      const off = await t.http.patch(`/api/v1/custom-fields/${note.id}`).set('authorization', t.auth('admin')).send({ version: note.version, active: false }).expect(200);
      try {
        const refused = await patchContact('rep', contact, { custom: { note: 'new' } }).expect(400);
        expect(fieldErrors(refused.body)).toEqual({ 'custom.note': 'unknownField' });
        expect((await t.http.get(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep'))).body.custom).toEqual({ note: 'kept' });
      } finally {
        await t.http.patch(`/api/v1/custom-fields/${note.id}`).set('authorization', t.auth('admin')).send({ version: off.body.version, active: true }).expect(200);
      }
    });
  });

  describe('lists', () => {
    const people = [
      { lastName: 'Ash', custom: { employees: 50, region: 'north', interests: ['wood'], note: 'Timber trader', since: '2020-05-01' } },
      { lastName: 'Birch', custom: { employees: 5, region: 'south', interests: ['steel', 'wood'], vip: true } },
      { lastName: 'Cedar', custom: { employees: 500, region: 'north', note: 'Big timber mill', since: '2023-01-15' } },
      { lastName: 'Dogwood', custom: { region: 'east', interests: ['glass'] } },
      { lastName: 'Elm', custom: { employees: 50, vip: false, since: '2021-07-30' } },
      { lastName: 'Fir', custom: {} },
      { lastName: 'Gum', custom: { employees: -3 } },
    ];
    const names = (body: { items: Contact[] }) => body.items.map((item) => item.lastName);

    beforeAll(async () => {
      for (const person of people) await createContact('rep2', { firstName: 'Listed', ...person }).expect(201);
    });

    /** Every page of a sorted list, `limit` at a time. */
    async function allPages(query: string, limit = 2): Promise<string[]> {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Contact[]; nextCursor: string | null } } = await list('rep2', `q=listed&${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...names(page.body));
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen;
    }

    it('sorts by a number field page by page: values in order, equal ones by id, records without a value last', async () => {
      const ascending = await allPages('sort=cf.employees');
      expect(ascending.slice(0, 2)).toEqual(['Gum', 'Birch']);
      expect(ascending.slice(2, 4).sort()).toEqual(['Ash', 'Elm']);
      expect(ascending.slice(4, 5)).toEqual(['Cedar']);
      expect(ascending.slice(5).sort()).toEqual(['Dogwood', 'Fir']);
      // Descending is the exact reverse, records without a value first.
      expect(await allPages('sort=-cf.employees', 3)).toEqual([...ascending].reverse());
    });

    it('sorts by text and date fields, and beside the list\'s own fields', async () => {
      expect(await allPages('sort=cf.region,fullName')).toEqual(['Dogwood', 'Ash', 'Cedar', 'Birch', 'Elm', 'Fir', 'Gum']);
      expect((await allPages('sort=-cf.since', 1)).slice(-3)).toEqual(['Cedar', 'Elm', 'Ash']);
      expect((await allPages('sort=cf.since,fullName')).slice(0, 3)).toEqual(['Ash', 'Elm', 'Cedar']);
      const invalid = await list('rep2', 'sort=cf.interests').expect(400);
      expect(invalid.body.code).toBe('invalid_sort');
      await list('rep2', 'sort=cf.unknown').expect(400);
      await list('rep2', 'sort=cf.Bad').expect(400);
      const cursor = (await list('rep2', 'q=listed&sort=cf.employees&limit=1').expect(200)).body.nextCursor;
      expect((await list('rep2', `q=listed&sort=-cf.employees&cursor=${cursor}`).expect(400)).body.code).toBe('invalid_cursor');
    });

    const filters: [string, string[]][] = [
      ['cf=region:eq:north', ['Ash', 'Cedar']],
      ['cf=region:ne:north', ['Birch', 'Dogwood', 'Elm', 'Fir', 'Gum']],
      ['cf=region:in:north,east', ['Ash', 'Cedar', 'Dogwood']],
      ['cf=region:empty', ['Elm', 'Fir', 'Gum']],
      ['cf=region:empty:false', ['Ash', 'Birch', 'Cedar', 'Dogwood']],
      ['cf=employees:gt:5', ['Ash', 'Cedar', 'Elm']],
      ['cf=employees:gte:5&cf=employees:lt:100', ['Ash', 'Birch', 'Elm']],
      ['cf=employees:lte:0', ['Gum']],
      ['cf=employees:eq:50.0', ['Ash', 'Elm']],
      ['cf=since:lt:2022-01-01', ['Ash', 'Elm']],
      ['cf=vip:eq:false', ['Elm']],
      ['cf=vip:ne:true', ['Ash', 'Cedar', 'Dogwood', 'Elm', 'Fir', 'Gum']],
      ['cf=interests:eq:wood', ['Ash', 'Birch']],
      ['cf=interests:in:glass,steel', ['Birch', 'Dogwood']],
      ['cf=interests:ne:wood', ['Cedar', 'Dogwood', 'Elm', 'Fir', 'Gum']],
      ['cf=note:contains:TIMBER', ['Ash', 'Cedar']],
      ['cf=note:contains:%25', []],
      ['cf=region:eq:north&cf=employees:gt:100', ['Cedar']],
    ];

    it.each(filters)('filters by %s', async (query, expected) => {
      const response = await list('rep2', `q=listed&limit=200&${query}`).expect(200);
      expect(names(response.body).sort()).toEqual(expected);
    });

    it('refuses a filter on an unknown field, with an operator its type lacks, or with a value of the wrong type', async () => {
      const cases: [string, string][] = [
        ['cf=nickname:eq:x', 'unknownField'],
        ['cf=vip:gt:true', 'unsupportedOperator'],
        ['cf=region:contains:no', 'unsupportedOperator'],
        ['cf=employees:gt:many', 'isNumber'],
        ['cf=since:lt:yesterday', 'isDate'],
        ['cf=vip:eq:yes', 'isBoolean'],
        ['cf=region:in:north,', 'isNotEmpty'],
      ];
      for (const [query, code] of cases) {
        const response = await list('rep2', query).expect(400);
        expect([query, fieldErrors(response.body)]).toEqual([query, { cf: code }]);
      }
      const malformed = await list('rep2', 'cf=region=north').expect(400);
      expect(Object.keys(fieldErrors(malformed.body))).toEqual(['cf']);
    });

    it('answers filters and sorts through the indexes', async () => {
      // Enough rows that the planner prefers an index to reading the table once sequential scans are discouraged.
      await t.query(`INSERT INTO contacts (last_name, custom) SELECT 'Bulk ' || n, jsonb_build_object('employees', n, 'region', 'north') FROM generate_series(1, 2000) n`);
      await t.query('ANALYZE contacts');
      const plan = async (sql: string) =>
        (await t.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`)).map((row) => row['QUERY PLAN']).join('\n');
      expect(await plan(`SELECT id FROM contacts c WHERE c.custom @> '{"region": "south"}'`)).toContain('contacts_custom_idx');
      expect(
        await plan(`SELECT id FROM contacts c WHERE NOT ((c.custom ->> 'employees') IS NULL) AND COALESCE(crm_numeric_or_null(c.custom ->> 'employees'), 0) > 1990`),
      ).toContain('contacts_cf_employees_idx');
      expect(
        await plan(`SELECT id FROM contacts c ORDER BY ((c.custom ->> 'employees') IS NULL), COALESCE(crm_numeric_or_null(c.custom ->> 'employees'), 0), c.id LIMIT 10`),
      ).toContain('contacts_cf_employees_idx');
      expect(await plan(`SELECT id FROM contacts c WHERE lower(c.custom ->> 'note') LIKE '%timber%'`)).toContain('contacts_cf_note_trgm_idx');
      await t.query(`DELETE FROM contacts WHERE last_name LIKE 'Bulk %'`);
    });
  });

  describe('deleting a definition', () => {
    it('removes its values from every record, trashed ones included, keeping the old values in their history', async () => {
      const field = (await defineField('admin', { entity: 'contact', key: 'legacy_code', type: 'text', labels: { en: 'Legacy code' } }).expect(201)).body as Field;
      const holder = (await createContact('rep', { lastName: 'Holder', custom: { legacy_code: 'L-1', region: 'east' } }).expect(201)).body as Contact;
      const trashed = (await createContact('rep2', { lastName: 'Trashed', custom: { legacy_code: 'L-2' } }).expect(201)).body as Contact;
      const without = (await createContact('rep', { lastName: 'Without' }).expect(201)).body as Contact;
      await t.http.delete(`/api/v1/contacts/${trashed.id}`).set('authorization', t.auth('rep2')).expect(204);

      await t.http.delete(`/api/v1/custom-fields/${field.id}`).set('authorization', t.auth('admin')).set('x-request-id', 'drop-legacy').expect(204);

      const rows = await t.query<{ id: string; custom: Record<string, unknown>; version: number }>('SELECT id, custom, version FROM contacts WHERE id = ANY($1) ORDER BY last_name', [
        [holder.id, trashed.id, without.id],
      ]);
      expect(rows.map((row) => row.custom)).toEqual([{ region: 'east' }, {}, {}]);
      // A removed value changes the record: an edit opened before the removal now conflicts instead of writing it back.
      expect(rows.map((row) => row.version)).toEqual([2, 3, 1]);
      await patchContact('rep', holder, { position: 'Stale edit' }).expect(409);

      const history = await t.http.get(`/api/v1/audit?entity=contact&id=${holder.id}`).set('authorization', t.auth('rep')).expect(200);
      expect(history.body.items[0]).toMatchObject({
        action: 'update',
        actorUserId: t.users.admin.id,
        requestId: 'drop-legacy',
        changes: { 'custom.legacy_code': { from: 'L-1', to: null } },
      });
      const entries = await t.query(`SELECT entity_id FROM audit_log WHERE request_id = 'drop-legacy' AND entity = 'contact' ORDER BY entity_id`);
      expect(entries).toHaveLength(2);
      expect(await t.query(`SELECT 1 FROM pg_indexes WHERE indexname LIKE 'contacts_cf_legacy_code%'`)).toEqual([]);
      const after = await t.http.get('/api/v1/custom-fields?entity=contact').set('authorization', t.auth('rep')).expect(200);
      expect(after.body.items.map((item: Field) => item.key)).not.toContain('legacy_code');
      await t.http.delete(`/api/v1/custom-fields/${field.id}`).set('authorization', t.auth('admin')).expect(404);
    });
  });

  describe('companies', () => {
    it('carry their own fields, checked and filtered the same way', async () => {
      await defineField('admin', { entity: 'company', key: 'revenue', type: 'money', labels: { en: 'Revenue' } }).expect(201);
      const company = await t.http.post('/api/v1/companies').set('authorization', t.auth('rep')).send({ name: 'Fields Ltd', custom: { revenue: 1e6, region: 'north' } }).expect(201);
      expect(company.body.custom).toEqual({ revenue: '1000000.00', region: 'north' });
      const refused = await t.http.post('/api/v1/companies').set('authorization', t.auth('rep')).send({ name: 'Bad Ltd', custom: { employees: 3 } }).expect(400);
      expect(fieldErrors(refused.body)).toEqual({ 'custom.employees': 'unknownField' });
      const found = await t.http.get('/api/v1/companies?cf=revenue:gte:999999.99&sort=-cf.revenue').set('authorization', t.auth('rep')).expect(200);
      expect(found.body.items.map((item: { name: string }) => item.name)).toEqual(['Fields Ltd']);
    });
  });
});

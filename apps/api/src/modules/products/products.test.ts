import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type FixtureUser, startTestApp, type TestApp } from '../../../test/support/test-app.js';

interface Product {
  id: string;
  name: string;
  sku: string | null;
  unit: string;
  price: string;
  currency: string;
  vatRate: string;
  description: string | null;
  active: boolean;
  createdById: string | null;
  version: number;
}

describe('products', () => {
  let t: TestApp;
  const products: Record<string, Product> = {};

  const as = (user: FixtureUser) => ({
    get: (path: string) => t.http.get(`/api/v1/products${path}`).set('authorization', t.auth(user)),
    post: (body: object) => t.http.post('/api/v1/products').set('authorization', t.auth(user)).send(body),
    patch: (id: string, body: object) => t.http.patch(`/api/v1/products/${id}`).set('authorization', t.auth(user)).send(body),
    delete: (id: string) => t.http.delete(`/api/v1/products/${id}`).set('authorization', t.auth(user)),
  });
  const admin = () => as('admin');
  const fieldErrors = (body: { errors?: { field: string; codes?: string[] }[] }) =>
    Object.fromEntries((body.errors ?? []).map((error) => [error.field, error.codes?.[0]]));
  const names = (items: Product[]) => items.map((product) => product.name);

  beforeAll(async () => {
    // The installation's default currency, set to show that products take it.
    t = await startTestApp({ defaultCurrency: 'USD' });
    const catalogue: Record<string, object> = {
      consulting: { name: 'Consulting hour', sku: 'SRV-001', unit: 'h', price: '95', vatRate: '21' },
      licence: { name: 'Licence', sku: 'LIC-1', price: '1200.50', currency: 'EUR', vatRate: '5.5', description: 'Yearly' },
      widget: { name: 'Widget', price: '1500', currency: 'JPY' },
      oil: { name: 'Oil barrel', sku: 'oil-9', price: '12.345', currency: 'KWD', active: false },
      bolt: { name: 'Bolt', sku: 'BLT', price: '0.05', currency: 'EUR' },
    };
    for (const [key, body] of Object.entries(catalogue)) products[key] = (await admin().post(body).expect(201)).body;
  });
  afterAll(() => t.close());

  it('creates products with exact prices in their currency’s digits and the installation’s default currency', () => {
    expect(products.consulting).toMatchObject({
      name: 'Consulting hour',
      sku: 'SRV-001',
      unit: 'h',
      price: '95.00',
      currency: 'USD',
      vatRate: '21.00',
      description: null,
      active: true,
      createdById: t.users.admin.id,
      version: 1,
    });
    expect(products.licence).toMatchObject({ price: '1200.50', currency: 'EUR', vatRate: '5.50', unit: 'pcs', description: 'Yearly' });
    expect(products.widget).toMatchObject({ price: '1500', currency: 'JPY', vatRate: '0.00' });
    expect(products.oil).toMatchObject({ price: '12.345', currency: 'KWD', active: false });
  });

  it('validates each field as a problem and writes nothing', async () => {
    const cases: [object, Record<string, string>][] = [
      [{ name: 'Bad currency', price: '1', currency: 'EURO' }, { currency: 'isCurrencyCode' }],
      [{ name: 'Unknown currency', price: '1', currency: 'XYZ' }, { currency: 'isCurrencyCode' }],
      [{ name: 'Cents in yen', price: '10.5', currency: 'JPY' }, { price: 'currencyPrecision' }],
      [{ name: 'Too fine', price: '10.123', currency: 'EUR' }, { price: 'currencyPrecision' }],
      [{ name: 'Negative', price: '-1' }, { price: 'isMoneyAmount' }],
      [{ name: 'Float', price: 12.5 }, { price: 'isMoneyAmount' }],
      [{ name: 'Huge', price: '1234567890123456' }, { price: 'isMoneyAmount' }],
      [{ name: 'VAT', price: '1', vatRate: '100.01' }, { vatRate: 'matches' }],
      [{ name: 'VAT', price: '1', vatRate: '7.125' }, { vatRate: 'matches' }],
      [{ name: 'Unknown field', price: '1', colour: 'red' }, { colour: 'whitelistValidation' }],
      [{ name: '', price: '1' }, { name: 'minLength' }],
      [{ name: 'No price' }, { price: 'isMoneyAmount' }],
    ];
    for (const [body, errors] of cases) {
      const response = await admin().post(body).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(fieldErrors(response.body)).toEqual(errors);
    }
    expect(await t.query(`SELECT name FROM products WHERE name IN ('Bad currency', 'Cents in yen', 'Too fine', 'Negative', 'VAT')`)).toEqual([]);
  });

  it('keeps SKUs unique ignoring case', async () => {
    const taken = await admin().post({ name: 'Copy', sku: ' srv-001 ', price: '1' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'sku_taken', errors: [{ field: 'sku' }] });
    const renamed = await admin().patch(products.bolt!.id, { sku: 'lic-1', version: 1 }).expect(409);
    expect(renamed.body.code).toBe('sku_taken');
    // Products without a SKU do not collide.
    const blank = await admin().post({ name: 'No SKU', sku: '  ', price: '1' }).expect(201);
    expect(blank.body.sku).toBeNull();
    await admin().delete(blank.body.id).expect(204);
  });

  it('lists, searches, filters and sorts the catalogue a page at a time', async () => {
    expect(names((await admin().get('').expect(200)).body.items)).toEqual(['Bolt', 'Consulting hour', 'Licence', 'Oil barrel', 'Widget']);
    expect(names((await admin().get('?q=lic').expect(200)).body.items)).toEqual(['Licence']);
    expect(names((await admin().get('?q=srv-0').expect(200)).body.items)).toEqual(['Consulting hour']);
    expect(names((await admin().get('?active=false').expect(200)).body.items)).toEqual(['Oil barrel']);
    expect(names((await admin().get('?active=true&currency=EUR').expect(200)).body.items)).toEqual(['Bolt', 'Licence']);
    expect(names((await admin().get('?sort=-price').expect(200)).body.items)).toEqual(['Widget', 'Licence', 'Consulting hour', 'Oil barrel', 'Bolt']);
    expect(names((await admin().get('?sort=-createdAt').expect(200)).body.items)[0]).toBe('Bolt');

    const first = await admin().get('?sort=price&limit=2').expect(200);
    expect(names(first.body.items)).toEqual(['Bolt', 'Oil barrel']);
    const second = await admin().get(`?sort=price&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(names(second.body.items)).toEqual(['Consulting hour', 'Licence']);
    const third = await admin().get(`?sort=price&limit=2&cursor=${second.body.nextCursor}`).expect(200);
    expect(third.body).toMatchObject({ nextCursor: null });
    expect(names(third.body.items)).toEqual(['Widget']);

    await admin().get('?sort=sku').expect(400);
    await admin().get('?currency=eur').expect(400);
    await admin().get('?active=yes').expect(400);
  });

  it('lets deal readers read and only admins write', async () => {
    for (const user of ['rep', 'head', 'operator', 'analyst'] as const) {
      await as(user).get('').expect(200);
      await as(user).get(`/${products.bolt!.id}`).expect(200);
      await as(user).post({ name: 'Mine', price: '1' }).expect(403);
      await as(user).patch(products.bolt!.id, { name: 'Mine', version: 1 }).expect(403);
      await as(user).delete(products.bolt!.id).expect(403);
    }
    await admin().get('/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('updates with the version read, checks the price against the new currency, and audits', async () => {
    const licence = products.licence!;
    await admin().patch(licence.id, { name: 'Licence 2' }).expect(428);
    const jpy = await admin().patch(licence.id, { currency: 'JPY', version: 1 }).expect(400);
    expect(fieldErrors(jpy.body)).toEqual({ price: 'currencyPrecision' });
    const updated = await admin().patch(licence.id, { price: '1300', currency: 'JPY', description: null, version: 1 }).expect(200);
    expect(updated.body).toMatchObject({ price: '1300', currency: 'JPY', description: null, version: 2 });
    await admin().patch(licence.id, { name: 'Stale', version: 1 }).expect(409);

    const entries = await t.query<{ action: string; changes: Record<string, unknown> }>(
      `SELECT action, changes FROM audit_log WHERE entity = 'settings' AND entity_id = $1 ORDER BY id`,
      [licence.id],
    );
    expect(entries.map((entry) => entry.action)).toEqual(['create', 'update']);
    expect(entries[1]!.changes).toEqual({
      price: { from: '1200.50', to: '1300' },
      currency: { from: 'EUR', to: 'JPY' },
      description: { from: 'Yearly', to: null },
    });
  });

  it('deletes for good; deal lines keep their copy and lose the link', async () => {
    const widget = products.widget!;
    const [pipeline] = await t.query<{ id: string; stage_id: string }>(
      `SELECT p.id, s.id AS stage_id FROM pipelines p JOIN pipeline_stages s ON s.pipeline_id = p.id ORDER BY p.position, s.position LIMIT 1`,
    );
    const [deal] = await t.query<{ id: string }>(
      `INSERT INTO deals (title, pipeline_id, stage_id, currency, amount) VALUES ('Widgets', $1, $2, 'JPY', 1500) RETURNING id`,
      [pipeline!.id, pipeline!.stage_id],
    );
    await t.query(
      `INSERT INTO deal_line_items (deal_id, product_id, name, quantity, price, net_amount, vat_amount, total_amount)
       VALUES ($1, $2, 'Widget', 1, 1500, 1500, 0, 1500)`,
      [deal!.id, widget.id],
    );
    await admin().delete(widget.id).expect(204);
    await admin().get(`/${widget.id}`).expect(404);
    const [line] = await t.query<{ product_id: string | null; name: string; price: string }>(
      `SELECT product_id, name, price FROM deal_line_items WHERE deal_id = $1`,
      [deal!.id],
    );
    expect(line).toEqual({ product_id: null, name: 'Widget', price: '1500.0000' });
    const [entry] = await t.query<{ changes: Record<string, { from: unknown }> }>(
      `SELECT changes FROM audit_log WHERE entity = 'settings' AND entity_id = $1 AND action = 'delete'`,
      [widget.id],
    );
    expect(entry!.changes.name!.from).toBe('Widget');
  });
});

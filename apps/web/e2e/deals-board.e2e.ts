import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

/**
 * A sales rep works the deal board: drags a deal with the mouse from one stage to another, sees both columns' counts and
 * sums follow at once, and finds the deal still there after a reload; on the deal's card a line item makes its amount.
 */
describe('deals in the web client', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let pipelineId: string;
  let stages: Record<string, string>;
  const deals: Record<string, string> = {};

  beforeAll(async () => {
    const webDist = await buildWebApp();
    t = await startTestApp({ webDist });
    browser = await launchBrowser();
    const pipelines = (await t.http.get('/api/v1/pipelines').set('authorization', t.auth('rep')).expect(200)).body as {
      items: { id: string; name: string; stages: { id: string; name: string }[] }[];
    };
    const sales = pipelines.items.find((pipeline) => pipeline.name === 'Sales')!;
    pipelineId = sales.id;
    stages = Object.fromEntries(sales.stages.map((stage) => [stage.name, stage.id]));
    for (const [title, stage, amount] of [
      ['Fleet renewal', 'Qualification', '1000.10'],
      ['Warehouse racks', 'Qualification', '250.50'],
      ['Office chairs', 'Proposal', '500.00'],
    ] as const) {
      const response = await t.http
        .post('/api/v1/deals')
        .set('authorization', t.auth('rep'))
        .send({ title, pipelineId, stageId: stages[stage], amount, currency: 'EUR' })
        .expect(201);
      deals[title] = response.body.id;
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const column = (stage: string) => `[data-test=board-column][data-stage-name="${stage}"]`;
  const columnFigures = (stage: string) =>
    page.$eval(column(stage), (element) => ({
      count: element.querySelector('[data-test=column-count]')?.textContent?.trim(),
      sums: element.querySelector('[data-test=column-sums]')?.textContent?.trim(),
      cards: [...element.querySelectorAll('[data-test=board-card]')].map((card) => card.getAttribute('data-title')),
    }));

  it('moves a deal to another stage by dragging it, with counts and sums, and keeps it there after a reload', async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('input[name=email]', 'rep@test.crm');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=user-menu]');

    // "Deals" in the navigation opens the board of the first pipeline, which goes into the URL.
    await page.click('[data-nav=deal-board]');
    await page.waitForURL(`**/deals/board/${pipelineId}`);
    await page.waitForSelector(`${column('Qualification')} [data-test=board-card]`);
    expect(await columnFigures('Qualification')).toEqual({ count: '2', sums: '€1,250.60', cards: ['Warehouse racks', 'Fleet renewal'] });
    expect(await columnFigures('Proposal')).toEqual({ count: '1', sums: '€500.00', cards: ['Office chairs'] });

    // Grab the card by its amount (not its link), and carry it over the Proposal column below its card.
    const card = page.locator(`[data-test=board-card][data-id="${deals['Fleet renewal']}"] [data-test=board-card-amount]`);
    const from = (await card.boundingBox())!;
    const to = (await page.locator(`${column('Proposal')} .drop`).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height - 30, { steps: 15 });
    // SortableJS has taken the card into the column under the pointer: now it can be dropped.
    await page.waitForSelector(`${column('Proposal')} [data-test=board-card][data-id="${deals['Fleet renewal']}"]`);
    const moved = page.waitForResponse((response) => response.url().endsWith(`/api/v1/deals/${deals['Fleet renewal']}/stage`) && response.request().method() === 'POST');
    await page.mouse.up();

    // Both columns change at once, with exact sums…
    await page.waitForFunction(
      (selector) => document.querySelector(`${selector} [data-test=column-count]`)?.textContent?.trim() === '1',
      column('Qualification'),
    );
    expect(await columnFigures('Qualification')).toEqual({ count: '1', sums: '€250.50', cards: ['Warehouse racks'] });
    expect(await columnFigures('Proposal')).toEqual({ count: '2', sums: '€1,500.10', cards: ['Fleet renewal', 'Office chairs'] });
    // …and the API agrees.
    expect((await moved).status()).toBe(200);
    const [stored] = await t.query<{ stage_id: string }>('SELECT stage_id FROM deals WHERE id = $1', [deals['Fleet renewal']]);
    expect(stored!.stage_id).toBe(stages['Proposal']);
    await page.screenshot({ path: await screenshotPath('deal-board'), fullPage: true });

    await page.reload();
    await page.waitForSelector(`${column('Proposal')} [data-test=board-card][data-id="${deals['Fleet renewal']}"]`);
    expect(await columnFigures('Qualification')).toEqual({ count: '1', sums: '€250.50', cards: ['Warehouse racks'] });
    expect(await columnFigures('Proposal')).toEqual({ count: '2', sums: '€1,500.10', cards: ['Fleet renewal', 'Office chairs'] });
  }, 90_000);

  it('puts a deal back when the move to a lost stage is cancelled, and moves it with a reason', async () => {
    const card = `[data-test=board-card][data-id="${deals['Warehouse racks']}"]`;
    await page.click(`${card} [data-test=move-menu]`);
    await page.click('.n-dropdown-option:has-text("Lost")');
    await page.waitForSelector('[data-test=lost-reason-dialog]');
    expect(await columnFigures('Lost')).toMatchObject({ count: '1', sums: '€250.50' });
    await page.click('[data-test=lost-cancel]');
    await page.waitForSelector(`${column('Qualification')} ${card}`);
    expect(await columnFigures('Qualification')).toMatchObject({ count: '1', sums: '€250.50' });
    expect(await columnFigures('Lost')).toMatchObject({ count: '0', sums: '—' });

    await page.click(`${card} [data-test=move-menu]`);
    await page.click('.n-dropdown-option:has-text("Lost")');
    await page.click('[data-test=lost-reason-select]');
    await page.click('.n-base-select-option:has-text("No budget")');
    await page.fill('textarea[name=lost-comment]', 'Frozen until autumn');
    const moved = page.waitForResponse((response) => response.url().endsWith(`/api/v1/deals/${deals['Warehouse racks']}/stage`) && response.request().method() === 'POST');
    await page.click('[data-test=lost-confirm]');
    expect((await moved).status()).toBe(200);
    expect(await columnFigures('Lost')).toMatchObject({ count: '1', sums: '€250.50', cards: ['Warehouse racks'] });
    const [stored] = await t.query<{ status: string; lost_comment: string }>('SELECT status, lost_comment FROM deals WHERE id = $1', [deals['Warehouse racks']]);
    expect(stored).toEqual({ status: 'lost', lost_comment: 'Frozen until autumn' });
  }, 60_000);

  it('computes the amount of a deal from a line item on its card', async () => {
    await page.click(`[data-test=board-card][data-id="${deals['Office chairs']}"] [data-test=board-card-link]`);
    await page.waitForSelector('[data-test=deal-card] [data-test=line-items]');
    expect(await page.textContent('[data-test=deal-amount]')).toBe('€500.00');

    await page.click('[data-test=add-free-line]');
    await page.fill('input[name=line-name-0]', 'Ergonomic chair');
    await page.fill('input[name=line-quantity-0]', '3');
    await page.fill('input[name=line-price-0]', '100');
    await page.fill('input[name=line-discount-0]', '10');
    await page.fill('input[name=line-vat-0]', '21');
    const saved = page.waitForResponse((response) => response.url().endsWith(`/api/v1/deals/${deals['Office chairs']}/line-items`) && response.request().method() === 'PUT');
    await page.click('[data-test=save-lines]');
    expect((await saved).status()).toBe(200);

    // 3 × 100 less 10 % is 270.00 net, 56.70 VAT at 21 %: the server's figures, and the deal's amount with them.
    await page.waitForSelector('[data-test=line-total]:has-text("€326.70")');
    expect(await page.textContent('[data-test=line-net]')).toBe('€270.00');
    expect(await page.textContent('[data-test=line-vat]')).toBe('€56.70');
    expect(await page.textContent('[data-test=deal-amount]')).toBe('€326.70');
    expect(await page.textContent('[data-test=lines-amount]')).toBe('€326.70');
    const [stored] = await t.query<{ amount: string }>('SELECT amount FROM deals WHERE id = $1', [deals['Office chairs']]);
    expect(Number(stored!.amount)).toBe(326.7);
    await page.screenshot({ path: await screenshotPath('deal-card'), fullPage: true });
  }, 60_000);

  it('creates a deal for a company from its card, and finds it in the list and the forecast', async () => {
    const company = (await t.http.post('/api/v1/companies').set('authorization', t.auth('rep')).send({ name: 'Baltic Timber SIA' }).expect(201)).body as { id: string };
    await page.goto(`${t.baseUrl}/companies/${company.id}`);
    await page.waitForSelector('[data-test=client-deals] [data-test=state-empty]');
    await page.click('[data-test=client-new-deal]');
    await page.waitForSelector('[data-test=deal-form] [data-test=deal-form-company]:has-text("Baltic Timber SIA")');
    await page.fill('[data-test=deal-form] input[name=title]', 'Timber yard scales');
    await page.fill('[data-test=deal-form] input[name=amount]', '1200');
    await page.screenshot({ path: await screenshotPath('deal-form') });
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=deal-form]', { state: 'detached' });
    await page.waitForSelector('[data-test=client-deal]:has-text("Timber yard scales")');
    const [stored] = await t.query<{ company_id: string; amount: string; stage: string }>(
      `SELECT d.company_id, d.amount, s.name AS stage FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.title = 'Timber yard scales'`,
    );
    expect(stored).toMatchObject({ company_id: company.id, stage: 'Qualification' });
    expect(Number(stored!.amount)).toBe(1200);

    await page.click('[data-nav=deal-board]');
    await page.click('[data-test=to-list]');
    await page.waitForSelector('[data-test=deal-link]:has-text("Timber yard scales")');
    expect(await page.$$eval('[data-test=deal-link]', (links) => links.map((link) => link.textContent?.trim()).sort())).toEqual([
      'Fleet renewal',
      'Office chairs',
      'Timber yard scales',
      'Warehouse racks',
    ]);
    await page.screenshot({ path: await screenshotPath('deal-list') });

    // One deal expected next month (in the default range whatever the time zone); the others have no date. Weighted:
    // 1000.10 and 326.70 at 50 %, 1200.00 at 10 %.
    const now = new Date();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15)).toISOString().slice(0, 7);
    const [fleet] = await t.query<{ version: number }>('SELECT version FROM deals WHERE id = $1', [deals['Fleet renewal']]);
    await t.http
      .patch(`/api/v1/deals/${deals['Fleet renewal']}`)
      .set('authorization', t.auth('rep'))
      .send({ expectedCloseDate: `${nextMonth}-15`, version: fleet!.version })
      .expect(200);
    await page.click('[data-test=to-forecast]');
    await page.waitForSelector('[data-test=forecast-row]:has-text("Test rep")');
    const row = (await page.textContent('[data-test=forecast-row]'))!;
    expect(row).toContain('€500.05');
    expect(row).toContain('€1,000.10 · 1');
    expect(await page.textContent('[data-test=forecast-totals]')).toContain('€500.05');
    const undated = (await page.textContent('[data-test=forecast-undated]'))!;
    expect(undated).toContain('€283.35');
    expect(undated).toContain('€1,526.70 · 2');
    await page.screenshot({ path: await screenshotPath('deal-forecast'), fullPage: true });
  }, 60_000);
});

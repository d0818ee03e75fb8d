import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

/**
 * An admin creates a pipeline, adds a stage, puts the stages in a new order by dragging and with the move buttons,
 * and finds the order kept after a reload; a refused stage deletion tells how many deals are in the way.
 */
describe('pipelines in the web client', () => {
  let t: TestApp;
  let browser: Browser;
  let webDist: string;
  let page: Page;

  beforeAll(async () => {
    webDist = await buildWebApp();
    t = await startTestApp({ webDist });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The stage names of the open tab, top to bottom. */
  const stageNames = () => page.$$eval('.n-tab-pane:not([style*="display: none"]) [data-test=stage-name]', (cells) => cells.map((cell) => cell.textContent?.trim()));
  const stageRow = (name: string) => page.locator('[data-test=stages-row]', { has: page.locator(`[data-test=stage-name]:text-is("${name}")`) });

  async function storedOrder(pipelineName: string): Promise<string[]> {
    const rows = await t.query<{ name: string }>(
      `SELECT s.name FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = $1 ORDER BY s.position`,
      [pipelineName],
    );
    return rows.map((row) => row.name);
  }

  async function waitForOrder(pipelineName: string, expected: string[]): Promise<void> {
    for (let tries = 0; tries < 50 && JSON.stringify(await storedOrder(pipelineName)) !== JSON.stringify(expected); tries++) {
      await page.waitForTimeout(100);
    }
    expect(await storedOrder(pipelineName)).toEqual(expected);
  }

  it('creates a pipeline, adds a stage and reorders the stages so that the order persists', async () => {
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('input[name=email]', 'admin@test.crm');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=user-menu]');
    await page.click('[data-nav=settings-pipelines]');
    await page.waitForSelector('[data-test=pipelines-page] [data-test=stage-name]');

    await page.click('[data-test=new-pipeline]');
    await page.fill('input[name=pipeline-name]', 'Enterprise');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=pipeline-form]', { state: 'detached' });
    await page.waitForSelector('.n-tabs-tab--active:has-text("Enterprise")');
    expect(await stageNames()).toEqual(['Qualification', 'Needs analysis', 'Proposal', 'Negotiation', 'Won', 'Lost']);

    await page.click('.n-tab-pane:not([style*="display: none"]) [data-test=add-stage]');
    await page.fill('input[name=stage-name]', 'Pilot');
    await page.fill('input[name=stage-probability]', '60');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=stage-form]', { state: 'detached' });
    // An open stage goes after the last open one.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=stage-name]')].some((cell) => cell.textContent?.trim() === 'Pilot'));
    expect(await stageNames()).toEqual(['Qualification', 'Needs analysis', 'Proposal', 'Negotiation', 'Pilot', 'Won', 'Lost']);

    // Up with the keyboard-reachable button…
    await stageRow('Pilot').locator('[data-test=move-up]').click();
    await waitForOrder('Enterprise', ['Qualification', 'Needs analysis', 'Proposal', 'Pilot', 'Negotiation', 'Won', 'Lost']);

    // …and Qualification dragged by its handle below Needs analysis.
    const handle = stageRow('Qualification').locator('.handle');
    const target = stageRow('Needs analysis');
    const from = (await handle.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) {
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + ((to.y + to.height * 0.8 - from.y) * step) / 10);
      await page.waitForTimeout(20);
    }
    await page.mouse.up();
    await waitForOrder('Enterprise', ['Needs analysis', 'Qualification', 'Proposal', 'Pilot', 'Negotiation', 'Won', 'Lost']);

    await page.reload();
    await page.click('.n-tabs-tab:has-text("Enterprise")');
    await page.waitForSelector('.n-tabs-tab--active:has-text("Enterprise")');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=stage-name]')].some((cell) => cell.textContent?.trim() === 'Pilot'));
    expect(await stageNames()).toEqual(['Needs analysis', 'Qualification', 'Proposal', 'Pilot', 'Negotiation', 'Won', 'Lost']);
    await page.screenshot({ path: await screenshotPath('pipelines') });
  }, 90_000);

  it('tells how many deals keep a stage from being deleted', async () => {
    const [stage] = await t.query<{ id: string; pipeline_id: string }>(
      `SELECT s.id, s.pipeline_id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Enterprise' AND s.name = 'Pilot'`,
    );
    for (const title of ['One', 'Two']) {
      await t.query(`INSERT INTO deals (title, pipeline_id, stage_id, currency) VALUES ($1, $2, $3, 'EUR')`, [title, stage!.pipeline_id, stage!.id]);
    }
    await stageRow('Pilot').locator('[data-test=delete-stage]').click();
    await page.click('.n-dialog__action button:has-text("Delete")');
    await page.waitForSelector('.n-message:has-text("Deals in this stage: 2")');
    expect(await stageNames()).toContain('Pilot');
  }, 60_000);

  it('keeps a product catalogue with prices in their currency', async () => {
    await page.click('[data-nav=settings-products]');
    await page.waitForSelector('[data-test=products-page]');
    await page.click('[data-test=new-product]');
    await page.fill('input[name=name]', 'Support plan');
    await page.fill('input[name=sku]', 'SUP-1');
    // A decimal comma is taken as the decimal point.
    await page.fill('input[name=price]', '1250,5');
    await page.click('[data-test=product-currency]');
    await page.keyboard.type('EUR');
    await page.click('.n-base-select-option:has-text("EUR")');
    await page.fill('input[name=vatRate]', '21');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=product-form]', { state: 'detached' });
    await page.waitForSelector('[data-test=products-table] :text("€1,250.50")');
    await page.screenshot({ path: await screenshotPath('products') });
    const [stored] = await t.query<{ price: string; currency: string; vat_rate: string }>(`SELECT price, currency, vat_rate FROM products WHERE sku = 'SUP-1'`);
    expect(stored).toEqual({ price: '1250.5000', currency: 'EUR', vat_rate: '21.00' });

    await page.fill('input[name=q]', 'nothing like it');
    await page.waitForSelector('[data-test=state-empty]');
    expect(page.url()).toContain('q=nothing');
  }, 60_000);
});

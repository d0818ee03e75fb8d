import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

/**
 * An admin adds a choice field to contacts; a sales rep fills it in, finds it on the card and in the list, saves a
 * filter on it as a segment and tags the segment's contacts in bulk.
 */
describe('custom fields in the web client', () => {
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

  async function signIn(email: string): Promise<void> {
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=user-menu]');
  }

  /** Picks an option of the Naive select marked `data-test=<testId>` by its text. */
  async function choose(testId: string, option: string): Promise<void> {
    await page.click(`[data-test=${testId}]`);
    await page.click(`.n-base-select-option:has-text("${option}")`);
  }

  it('lets an admin define a choice field for contacts', async () => {
    await signIn('admin@test.crm');
    await page.click('[data-nav=settings-custom-fields]');
    await page.waitForSelector('[data-test=custom-fields-page]');
    await page.click('[data-test=new-custom-field]');
    await page.fill('input[name=key]', 'region');
    await choose('custom-field-type', 'Choice');
    await page.fill('input[name=label-en]', 'Region');
    await page.fill('input[name=label-ru]', 'Регион');
    for (const [index, [value, label]] of [['north', 'North'], ['south', 'South']].entries()) {
      await page.click('[data-test=add-option]');
      await page.fill(`input[name=option-${index}-value]`, value!);
      await page.fill(`input[name=option-${index}-en]`, label!);
    }
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=custom-field-form]', { state: 'detached' });
    await page.waitForSelector('[data-test=custom-fields-table] :text("Region")');

    const [field] = await t.query<{ key: string; type: string; labels: unknown; options: unknown }>(`SELECT key, type, labels, options FROM custom_fields`);
    expect(field).toEqual({
      key: 'region',
      type: 'select',
      labels: { en: 'Region', ru: 'Регион' },
      options: [
        { value: 'north', labels: { en: 'North' } },
        { value: 'south', labels: { en: 'South' } },
      ],
    });
  }, 60_000);

  it('shows the field to a sales rep in the contact form, and the saved value on the card and in the list', async () => {
    await page.click('[data-test=user-menu]');
    await page.click('[data-test=logout]');
    await page.waitForSelector('[data-test=login-submit]');
    await signIn('rep@test.crm');
    // Settings are for admins: no entry in the navigation.
    expect(await page.$('[data-nav=settings-custom-fields]')).toBeNull();

    await page.click('[data-nav=contacts]');
    await page.click('[data-test=new-contact]');
    await page.fill('input[name=firstName]', 'Ilze');
    await page.fill('input[name=lastName]', 'Ozola');
    await page.waitForSelector('[data-test=custom-fields-editor] :text("Region")');
    await choose('custom-region', 'South');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=contact-form]', { state: 'detached' });
    const [contact] = await t.query<{ custom: unknown }>(`SELECT custom FROM contacts WHERE last_name = 'Ozola'`);
    expect(contact!.custom).toEqual({ region: 'south' });

    await page.click('[data-test=contact-link]:has-text("Ilze Ozola")');
    await page.waitForSelector('[data-test=contact-card]');
    expect(await page.textContent('[data-test=custom-value-region]')).toBe('South');
    await page.screenshot({ path: await screenshotPath('contact-card-custom-fields'), fullPage: true });

    // As an optional list column, sortable on the server.
    await page.click('[data-nav=contacts]');
    await page.click('[data-test=column-picker]');
    await page.click('.n-base-select-option:has-text("Region")');
    await page.waitForSelector('[data-test=contact-table] th:has-text("Region")');
    await page.click('h1');
    await page.waitForSelector('.n-base-select-option', { state: 'detached' });
    await page.click('[data-test=contact-table] th:has-text("Region") .n-data-table-th__title');
    // Naive UI sorts descending on the first click.
    await page.waitForURL((url) => url.searchParams.get('sort') === '-cf.region');
    await page.waitForSelector('[data-test=contact-table] td:has-text("South")');
    await page.click('[data-test=contact-table] tbody .n-checkbox >> nth=0');
    await page.waitForSelector('[data-test=bulk-bar]');
    await page.screenshot({ path: await screenshotPath('contact-list-custom-fields'), fullPage: true });
  }, 60_000);

  it('saves a filter on the field as a segment, applies it, and tags what it holds in bulk', async () => {
    await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep')).send({ lastName: 'Northerner', custom: { region: 'north' } }).expect(201);
    await page.goto(`${t.baseUrl}/contacts?cf=region:eq:south`);
    await page.waitForSelector('[data-test=contact-link]:has-text("Ilze Ozola")');
    await page.click('[data-test=save-segment]');
    await page.fill('input[name=segment-name]', 'South');
    await page.click('[data-test=segment-submit]');
    await page.waitForSelector('[data-test=segment-South]:has-text("1")');

    await page.goto(`${t.baseUrl}/contacts`);
    await page.waitForSelector('[data-test=contact-link]:has-text("Northerner")');
    await page.click('[data-test=segment-South]');
    await page.waitForURL((url) => url.searchParams.get('cf') === 'region:eq:south');
    await page.waitForSelector('[data-test=contact-link]:has-text("Northerner")', { state: 'detached' });

    await page.click('[data-test=contact-table] tbody .n-checkbox >> nth=0');
    await page.click('[data-test=bulk-bar] .n-select >> nth=1');
    await page.keyboard.type('southern');
    await page.keyboard.press('Enter');
    await page.click('[data-test=bulk-apply]');
    await page.waitForSelector('[data-test=bulk-bar]', { state: 'detached' });
    const tags = await t.query<{ last_name: string; tags: string[] }>(`SELECT last_name, tags FROM contacts ORDER BY last_name`);
    expect(tags).toEqual([
      { last_name: 'Northerner', tags: [] },
      { last_name: 'Ozola', tags: ['southern'] },
    ]);
  }, 60_000);
});

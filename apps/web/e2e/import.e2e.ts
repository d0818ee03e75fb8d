import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

/** Import through the wizard and export from the list, in a real Chromium against the real API. */
describe('import and export in the web client', () => {
  let t: TestApp;
  let browser: Browser;
  let webDist: string;
  let page: Page;

  // What Excel saves as "CSV UTF-8" in a Russian locale: a BOM, semicolons, Russian titles; one row with a bad email.
  const rows = Array.from({ length: 30 }, (_, index) => `Клиент;Номер${index + 1};client${index + 1}@wizard.example;+371 2000 ${String(index).padStart(4, '0')}`);
  const file = Buffer.from(`\uFEFF${['Имя;Фамилия;Эл. почта;Телефон', ...rows, 'Ошибка;Почты;not-an-email;'].join('\r\n')}`);

  beforeAll(async () => {
    webDist = await buildWebApp();
    t = await startTestApp({ webDist });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
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

  it('imports a CSV through the wizard and shows the progress to the end', async () => {
    await signIn('rep@test.crm');
    await page.click('[data-nav=contacts]');
    await page.click('[data-test=import-export]');
    // A sales rep may import but not export.
    await page.waitForSelector('[data-test=import]');
    expect(await page.$('[data-test=export-csv]')).toBeNull();
    await page.click('[data-test=import]');

    await page.setInputFiles('[data-test=import-wizard] input[type=file]', { name: 'clients.csv', mimeType: 'text/csv', buffer: file });
    await page.click('[data-test=import-upload]');
    await page.waitForSelector('[data-test=import-mapping]');
    // The titles were recognized: each column has its field chosen.
    expect(await page.textContent('[data-test=mapping-0]')).toContain('First name');
    expect(await page.textContent('[data-test=mapping-2]')).toContain('Email');
    expect(await page.textContent('[data-test=import-preview]')).toContain('Номер1');
    await page.screenshot({ path: await screenshotPath('import-mapping'), fullPage: true });

    // The phone column is left out, and a duplicate updates the existing contact.
    await page.click('[data-test=mapping-3]');
    await page.keyboard.type('Do not import');
    await page.click('.n-base-select-option:has-text("Do not import")');
    await page.waitForFunction(() => !document.querySelector('[data-test=mapping-3]')?.textContent?.includes('Phone'));
    await page.click('[data-test=policy-update]');
    await page.click('[data-test=import-start]');

    await page.waitForSelector('[data-test=import-status]:has-text("Done")', { timeout: 30_000 });
    expect(await page.textContent('[data-test=import-progress]')).toContain('100%');
    expect(await page.textContent('[data-test=count-created]')).toContain('30');
    expect(await page.textContent('[data-test=count-failed]')).toContain('1');
    await page.screenshot({ path: await screenshotPath('import-done'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=download-failed]')]);
    expect(download.suggestedFilename()).toBe('clients-failed-rows.csv');
    const failed = await readFile((await download.path())!, 'utf8');
    expect(failed).toContain('Имя;Фамилия;Эл. почта;Телефон;Error');
    expect(failed).toContain('not-an-email');

    await page.click('[data-test=import-close]');
    await page.fill('input[name=q]', 'wizard.example');
    await page.waitForFunction(() => document.querySelectorAll('[data-test=contact-link]').length === 30);
    const [stored] = await t.query<{ count: string; phones: string }>(
      `SELECT count(*) AS count, sum(jsonb_array_length(phones)) AS phones FROM contacts WHERE owner_id = $1 AND last_name LIKE 'Номер%'`,
      [t.users.rep.id],
    );
    expect(stored).toEqual({ count: '30', phones: '0' });
  }, 120_000);

  it('exports the filtered list as CSV and XLSX', async () => {
    await page.click('[data-test=user-menu]');
    await page.click('[data-test=logout]');
    await signIn('admin@test.crm');
    await page.goto(`${t.baseUrl}/contacts?q=${encodeURIComponent('Номер1')}`);
    await page.waitForSelector('[data-test=contact-link]');

    await page.click('[data-test=import-export]');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-csv]')]);
    expect(csv.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await csv.path())!, 'utf8');
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    // Номер1 and Номер10…Номер19: the list's search travels with the export.
    expect(lines).toHaveLength(12);
    expect(lines[0]).toContain('First name,Middle name,Last name');

    await page.click('[data-test=import-export]');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-xlsx]')]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect((await readFile((await xlsx.path())!)).subarray(0, 2).toString()).toBe('PK');
  }, 60_000);
});

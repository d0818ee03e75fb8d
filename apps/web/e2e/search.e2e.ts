import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

/** Finding clients from the header search box, and dealing with duplicates, in a real Chromium against the real API. */
describe('search and duplicates in the web client', () => {
  let t: TestApp;
  let browser: Browser;
  let webDist: string;
  let page: Page;
  const ids: Record<string, string> = {};

  const create = async (as: 'rep' | 'repSouth', path: 'contacts' | 'companies', body: Record<string, unknown>) =>
    (await t.http.post(`/api/v1/${path}?force=true`).set('authorization', t.auth(as)).send(body).expect(201)).body.id as string;

  beforeAll(async () => {
    webDist = await buildWebApp();
    t = await startTestApp({ webDist });
    browser = await launchBrowser();
    ids.company = await create('rep', 'companies', { name: 'Baltic Timber SIA' });
    ids.ivanov = await create('rep', 'contacts', {
      firstName: 'Ivan',
      lastName: 'Ivanov',
      companyId: ids.company,
      emails: [{ type: 'work', value: 'ivan@baltic-timber.example' }],
      phones: [{ type: 'mobile', value: '+371 2612 3456' }],
    });
    // The other team's namesake: a rep of team North must not find it.
    ids.foreign = await create('repSouth', 'contacts', { firstName: 'Pyotr', lastName: 'Ivanov' });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('input[name=email]', 'rep@test.crm');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=user-menu]');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function searchFor(text: string): Promise<string[]> {
    await page.fill('input[name=global-search]', text);
    await page.waitForSelector(`[data-test=global-search][data-answered="${text}"]`);
    await page.waitForSelector('[data-test=search-hit], [data-test=search-empty]');
    return page.$$eval('[data-test=search-hit]', (hits) => hits.map((hit) => hit.textContent ?? ''));
  }

  it('finds a contact by a misspelled name and opens its card from the keyboard', async () => {
    const hits = await searchFor('Ivanof');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toContain('Ivan Ivanov');
    expect(hits[0]).toContain('Baltic Timber SIA');
    expect(await page.textContent('.n-base-select-menu')).toContain('Contacts');
    await page.screenshot({ path: await screenshotPath('global-search'), fullPage: true });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/contacts/${ids.ivanov}`);
    await page.waitForSelector('[data-test=contact-card] h1:has-text("Ivan Ivanov")');
    expect(await page.inputValue('input[name=global-search]')).toBe('');
  }, 60_000);

  it('finds by the last digits of a phone and by company name, grouped by kind, and opens the chosen one', async () => {
    expect(await searchFor('6123456')).toEqual([expect.stringContaining('Ivan Ivanov')]);
    await searchFor('Baltic Timber');
    expect(await page.textContent('.n-base-select-menu')).toContain('Companies');
    await page.click('[data-test=search-hit]:has-text("Baltic Timber SIA")');
    await page.waitForURL(`**/companies/${ids.company}`);
    await page.waitForSelector('[data-test=company-card]');
  }, 60_000);

  it('says when nothing is found', async () => {
    await searchFor('Zyxwvu');
    expect(await page.textContent('[data-test=search-empty]')).toContain('Nothing found');
    await page.keyboard.press('Escape');
  }, 30_000);

  it('shows the existing record when a new one looks like it, and saves anyway on request', async () => {
    await page.click('[data-nav=contacts]');
    await page.click('[data-test=new-contact]');
    await page.fill('input[name=firstName]', 'Ivan');
    await page.fill('input[name=lastName]', 'Ivanovs');
    await page.click('[data-test=add-phones]');
    await page.fill('input[name=phones-0]', '26 123 456');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=duplicates] [data-test=duplicate-candidate]:has-text("Ivan Ivanov")');
    expect(await page.getAttribute('[data-test=duplicate-candidate]', 'href')).toBe(`/contacts/${ids.ivanov}`);
    expect(await t.query(`SELECT 1 FROM contacts WHERE last_name = 'Ivanovs'`)).toHaveLength(0);
    await page.click('[data-test=save-anyway]');
    await page.waitForSelector('[data-test=contact-form]', { state: 'detached' });
    expect(await t.query(`SELECT 1 FROM contacts WHERE last_name = 'Ivanovs'`)).toHaveLength(1);
  }, 60_000);

  it('lists the pair on the duplicates page and merges it into the record chosen to stay', async () => {
    await page.click('[data-nav=duplicates]');
    await page.waitForSelector('[data-test=duplicate-pair]');
    expect(await page.$$('[data-test=duplicate-pair]')).toHaveLength(1);
    expect(await page.textContent('[data-test=duplicate-pair]')).not.toContain('Pyotr');
    await page.screenshot({ path: await screenshotPath('duplicates'), fullPage: true });
    await page.click('[data-test=merge]');
    await page.click(`[data-test=keep-${ids.ivanov}]`);
    await page.click('[data-test=merge-confirm]');
    await page.waitForSelector('[data-test=state-empty]');
    const [merged] = await t.query<{ last_name: string }>(`SELECT last_name FROM contacts WHERE last_name LIKE 'Ivanov%' AND deleted_at IS NOT NULL`);
    expect(merged?.last_name).toBe('Ivanovs');
    expect((await t.query<{ deleted_at: Date | null }>('SELECT deleted_at FROM contacts WHERE id = $1', [ids.ivanov]))[0]?.deleted_at).toBeNull();
  }, 60_000);
});

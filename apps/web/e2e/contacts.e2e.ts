import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

/**
 * The web app in a real Chromium against the real API on a fresh database, as a sales rep and an admin use it.
 */
describe('web client', () => {
  let t: TestApp;
  let browser: Browser;
  let webDist: string;
  let page: Page;

  beforeAll(async () => {
    webDist = await buildWebApp();
    t = await startTestApp({ webDist });
    browser = await launchBrowser();
    // A client of a rep in the other team: our rep must never see it, the admin must.
    await t.http.post('/api/v1/contacts').set('authorization', t.auth('repSouth')).send({ firstName: 'Foreign', lastName: 'Southerner' }).expect(201);
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

  async function signOut(): Promise<void> {
    await page.click('[data-test=user-menu]');
    await page.click('[data-test=logout]');
    await page.waitForSelector('[data-test=login-submit]');
  }

  async function search(text: string): Promise<void> {
    await page.fill('input[name=q]', text);
    await page.waitForURL((url) => url.searchParams.get('q') === text);
    await page.waitForFunction(() => !document.querySelector('.n-data-table .n-base-loading, [data-test=state-loading]'));
  }

  const rowNames = () => page.$$eval('[data-test=contact-link]', (links) => links.map((link) => link.textContent?.trim()));

  it('lets a sales rep create, find and edit clients, and keeps others\' clients out of sight', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn('rep@test.crm');
    expect(await page.textContent('header')).toContain('Contacts');

    // A company first.
    await page.click('[data-nav=companies]');
    await page.click('[data-test=new-company]');
    await page.fill('input[name=name]', 'Baltic Timber SIA');
    await page.fill('input[name=website]', 'https://baltic-timber.example');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=company-link]:has-text("Baltic Timber SIA")');

    // A contact with a bad email: the field says so, and nothing is saved.
    await page.click('[data-nav=contacts]');
    await page.click('[data-test=new-contact]');
    await page.fill('input[name=firstName]', 'Anna');
    await page.fill('input[name=lastName]', 'Bērziņa');
    await page.click('[data-test=add-emails]');
    await page.fill('input[name=emails-0]', 'not-an-email');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=contact-form] .n-form-item-feedback--error:has-text("valid email")');

    // One the browser accepts but the API refuses: the API's field error appears at the field.
    await page.fill('input[name=emails-0]', `${'a'.repeat(65)}@baltic-timber.example`);
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=contact-form] .n-form-item-feedback--error:has-text("valid email")');
    expect(await t.query(`SELECT 1 FROM contacts WHERE last_name = 'Bērziņa'`)).toHaveLength(0);

    await page.fill('input[name=emails-0]', 'anna@baltic-timber.example');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=contact-form]', { state: 'detached' });
    await page.waitForSelector('[data-test=contact-link]:has-text("Anna Bērziņa")');

    // Found by a fragment of the name; the filter lives in the URL and survives a reload.
    await search('bērz');
    expect(await rowNames()).toEqual(['Anna Bērziņa']);
    await page.reload();
    await page.waitForSelector('[data-test=contact-link]');
    expect(await rowNames()).toEqual(['Anna Bērziņa']);
    expect(await page.inputValue('input[name=q]')).toBe('bērz');
    await page.screenshot({ path: await screenshotPath('contact-list'), fullPage: true });

    // Edited on the card; the timeline shows the change.
    await page.click('[data-test=contact-link]');
    await page.waitForSelector('[data-test=contact-card]');
    await page.click('[data-test=edit-contact]');
    await page.fill('input[name=position]', 'Head of purchasing');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=contact-form]', { state: 'detached' });
    await page.waitForSelector('[data-test=contact-card] :text("Head of purchasing")');
    await page.waitForSelector('[data-test=timeline] :text("Head of purchasing")');
    await page.screenshot({ path: await screenshotPath('contact-card'), fullPage: true });

    // The other team's client is nowhere to be found.
    await page.click('[data-nav=contacts]');
    await search('Southerner');
    await page.waitForSelector('[data-test=state-empty]');
    const foreign = (await t.query<{ id: string }>(`SELECT id FROM contacts WHERE last_name = 'Southerner'`))[0]!;
    await page.goto(`${t.baseUrl}/contacts/${foreign.id}`);
    await page.waitForSelector('[data-test=state-error]');
    expect(await page.textContent('[data-test=state-error]')).toContain('does not exist');
  }, 90_000);

  it('tells the user when someone else changed the record, and reloads it', async () => {
    const contact = (await t.query<{ id: string }>(`SELECT id FROM contacts WHERE last_name = 'Bērziņa'`))[0]!;
    await page.goto(`${t.baseUrl}/contacts/${contact.id}`);
    await page.click('[data-test=edit-contact]');
    await page.fill('input[name=position]', 'My edit');
    const [{ version }] = (await t.query<{ version: number }>('SELECT version FROM contacts WHERE id = $1', [contact.id])) as [{ version: number }];
    await t.http.patch(`/api/v1/contacts/${contact.id}`).set('authorization', t.auth('rep')).send({ position: 'Their edit', version }).expect(200);
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=conflict]');
    await page.click('[data-test=conflict-reload]');
    // The latest version arrives over the network: wait for it to fill the form.
    await page.waitForFunction(() => (document.querySelector('input[name=position]') as HTMLInputElement | null)?.value === 'Their edit');
    await page.waitForSelector('[data-test=conflict]', { state: 'detached' });
    await page.fill('input[name=position]', 'Merged edit');
    await page.click('[data-test=save]');
    await page.waitForSelector('[data-test=contact-card] :text("Merged edit")');
  }, 60_000);

  it('deletes with a confirmation and undoes the delete', async () => {
    await page.click('[data-test=delete-contact]');
    await page.click('.n-dialog__action button:last-child');
    await page.waitForSelector('[data-test=deleted-notice]');
    expect((await t.query(`SELECT deleted_at FROM contacts WHERE last_name = 'Bērziņa'`))[0]!.deleted_at).not.toBeNull();
    await page.click('[data-test=undo]');
    await page.waitForSelector('[data-test=contact-card]');
    expect((await t.query(`SELECT deleted_at FROM contacts WHERE last_name = 'Bērziņa'`))[0]!.deleted_at).toBeNull();
  }, 60_000);

  it('shows an admin every client and speaks Russian once asked, across reloads', async () => {
    await signOut();
    await signIn('admin@test.crm');
    await page.click('[data-nav=contacts]');
    await search('Southerner');
    expect(await rowNames()).toEqual(['Foreign Southerner']);

    await page.click('[data-test=user-menu]');
    await page.hover('[data-test=language]');
    await page.click('[data-test=locale-ru]');
    await page.waitForSelector('[data-nav=contacts]:has-text("Контакты")');
    expect(await page.textContent('[data-nav=companies]')).toBe('Компании');
    await page.reload();
    await page.waitForSelector('[data-nav=contacts]:has-text("Контакты")');
    const [admin] = await t.query<{ locale: string }>(`SELECT locale FROM users WHERE email = 'admin@test.crm'`);
    expect(admin!.locale).toBe('ru');
  }, 60_000);

  it('fits a phone screen: navigation moves into a drawer', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${t.baseUrl}/login`);
    await phone.fill('input[name=email]', 'head@test.crm');
    await phone.fill('input[name=password]', TEST_PASSWORD);
    await phone.click('[data-test=login-submit]');
    await phone.waitForSelector('[data-test=contact-table]');
    expect(await phone.isVisible('.top-menu')).toBe(false);
    await phone.click('[data-test=burger]');
    await phone.click('.n-drawer [data-nav=companies]');
    await phone.waitForSelector('[data-test=company-table], [data-test=state-empty]');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phone.close();
  }, 60_000);

  it('offers only what the role may do', async () => {
    await signOut();
    await signIn('analyst@test.crm');
    await page.click('[data-nav=contacts]');
    await page.waitForSelector('[data-test=contact-table]');
    expect(await page.$('[data-test=new-contact]')).toBeNull();
    await page.click('[data-test=contact-link] >> nth=0');
    await page.waitForSelector('[data-test=contact-card]');
    expect(await page.$('[data-test=edit-contact]')).toBeNull();
    expect(await page.$('[data-test=delete-contact]')).toBeNull();
  }, 60_000);
});

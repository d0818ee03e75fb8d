import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

/** A sales rep keeps notes on a contact card: adds one, sees it on top of the timeline, edits and deletes it. */
describe('record timeline', () => {
  let t: TestApp;
  let browser: Browser;
  let webDist: string;
  let page: Page;
  let contactId: string;

  beforeAll(async () => {
    webDist = await buildWebApp();
    t = await startTestApp({ webDist });
    browser = await launchBrowser();
    contactId = (await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep')).send({ firstName: 'Ilze', lastName: 'Kalniņa' }).expect(201)).body.id;
    await t.http.patch(`/api/v1/contacts/${contactId}`).set('authorization', t.auth('rep')).send({ position: 'Buyer', version: 1 }).expect(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The items of the timeline from the top: their kind and text. */
  const items = () =>
    page.$$eval('[data-test=timeline] [data-test^="timeline-"]', (elements) =>
      elements.map((element) => `${element.getAttribute('data-test')}: ${(element as HTMLElement).innerText.replace(/\s+/g, ' ').trim()}`),
    );
  const topItemContains = (text: string) =>
    page.waitForFunction(
      (expected) => document.querySelector('[data-test=timeline] [data-test^="timeline-"]')?.textContent?.includes(expected),
      text,
    );

  it('adds a note on a contact card, shows it on top and edits it in place', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('input[name=email]', 'rep@test.crm');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=user-menu]');

    await page.goto(`${t.baseUrl}/contacts/${contactId}`);
    await page.waitForSelector('[data-test=timeline] [data-test=timeline-change]');
    expect(await items()).toEqual([expect.stringMatching(/^timeline-change: .*Buyer/), expect.stringMatching(/^timeline-change: /)]);

    await page.fill('textarea[name=note]', 'Called: wants an offer for 40 pallets.\nCall back on Monday.');
    await page.click('[data-test=add-note]');
    await topItemContains('Call back on Monday.');
    expect((await items())[0]).toMatch(/^timeline-note: Test rep wrote a note Called: wants an offer for 40 pallets\. Call back on Monday\./);
    expect(await page.inputValue('textarea[name=note]')).toBe('');
    await page.screenshot({ path: await screenshotPath('contact-timeline'), fullPage: true });

    await page.click('[data-test=timeline-note] [data-test=edit-note]');
    await page.fill('[data-test=note-editor] textarea[name=note-body]', 'Called: wants an offer for 60 pallets.');
    await page.click('[data-test=save-note]');
    await page.waitForSelector('[data-test=note-editor]', { state: 'detached' });
    await topItemContains('60 pallets');
    const [note] = await t.query<{ body: string; version: number }>('SELECT body, version FROM notes WHERE entity_id = $1', [contactId]);
    expect(note).toEqual({ body: 'Called: wants an offer for 60 pallets.', version: 2 });
  }, 90_000);

  it('filters by kind through the URL and deletes a note after a confirmation', async () => {
    await page.click('[data-test=timeline-kind-note]');
    await page.waitForURL((url) => url.searchParams.getAll('kind').join() === 'note');
    await page.waitForFunction(() => document.querySelectorAll('[data-test=timeline] [data-test=timeline-change]').length === 0);
    expect(await items()).toEqual([expect.stringMatching(/^timeline-note: .*60 pallets/)]);
    await page.click('[data-test=timeline-kind-note]');
    await page.waitForSelector('[data-test=timeline] [data-test=timeline-change]');

    await page.click('[data-test=timeline-note] [data-test=delete-note]');
    await page.click('.n-dialog__action button:last-child');
    await page.waitForSelector('[data-test=timeline] [data-test=timeline-note]', { state: 'detached' });
    await topItemContains('Test rep deleted a note');
    expect((await t.query('SELECT deleted_at FROM notes WHERE entity_id = $1', [contactId]))[0]!.deleted_at).not.toBeNull();
  }, 60_000);
});

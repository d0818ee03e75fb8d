import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

const ZONE = 'Europe/Riga';

/** The calendar day of an instant in a time zone, `yyyy-MM-dd`. */
function dayIn(instant: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * A sales rep plans work on a contact card: creates a task there, finds it in My tasks and on the contact's timeline,
 * completes it with the call's outcome and schedules the next one in the same step; an overdue task shows on the
 * Tasks badge until it is done. A head of sales sees who is late and the team's calendar; once an admin requires a
 * next task on deals, moving a deal asks for one.
 */
describe('tasks in the web client', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let contactId: string;
  let dealId: string;

  beforeAll(async () => {
    const webDist = await buildWebApp();
    t = await startTestApp({ webDist });
    browser = await launchBrowser();
    await t.query(`UPDATE users SET time_zone = $1 WHERE email = 'rep@test.crm'`, [ZONE]);
    contactId = (await t.http.post('/api/v1/contacts').set('authorization', t.auth('rep')).send({ firstName: 'Ilze', lastName: 'Kalniņa' }).expect(201)).body.id;
    await t.http
      .post('/api/v1/tasks')
      .set('authorization', t.auth('rep'))
      .send({ title: 'Send the price list', type: 'email', dueAt: new Date(Date.now() - 2 * 3_600_000).toISOString() })
      .expect(201);
    await t.http
      .post('/api/v1/tasks')
      .set('authorization', t.auth('rep2'))
      .send({ title: 'Visit the warehouse', type: 'meeting', dueAt: new Date(Date.now() - 26 * 3_600_000).toISOString() })
      .expect(201);
    dealId = (await t.http.post('/api/v1/deals').set('authorization', t.auth('rep')).send({ title: 'Forklift lease', amount: '900.00', currency: 'EUR' }).expect(201)).body.id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const row = (title: string) => `[data-test=task-row][data-title="${title}"]`;

  it('creates a task on a contact card and shows it there, on the timeline and in My tasks', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('input[name=email]', 'rep@test.crm');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=user-menu]');

    await page.goto(`${t.baseUrl}/contacts/${contactId}`);
    await page.waitForSelector('[data-test=record-tasks] [data-test=state-empty]');
    await page.click('[data-test=record-new-task]');
    await page.waitForSelector('[data-test=task-form]');
    // The task is about this contact from the start.
    expect(await page.textContent('[data-test=task-form] [data-test=task-record]')).toContain('Ilze Kalniņa');
    await page.fill('[data-test=task-form] input[name=title]', 'Call about the offer');
    const tomorrow = dayIn(Date.now() + 24 * 3_600_000, ZONE);
    await page.fill('[data-test=task-form] [data-test=task-due] input', `${tomorrow} 10:00`);
    await page.keyboard.press('Escape');
    const created = page.waitForResponse((response) => response.url().endsWith('/api/v1/tasks') && response.request().method() === 'POST');
    await page.click('[data-test=save]');
    expect((await created).status()).toBe(201);

    await page.waitForSelector(`[data-test=record-tasks] ${row('Call about the offer')}`);
    await page.waitForSelector('[data-test=timeline] [data-test=timeline-task]:has-text("Call about the offer")');
    expect(await page.textContent('[data-test=timeline] [data-test=timeline-task]')).toContain('Test rep created a task');
    const [task] = await t.query<{ id: string; type: string; entity: string; entity_id: string; time_zone: string; due_at: Date }>(
      `SELECT id, type, entity, entity_id, time_zone, due_at FROM tasks WHERE title = 'Call about the offer'`,
    );
    expect(task).toMatchObject({ type: 'call', entity: 'contact', entity_id: contactId, time_zone: ZONE });
    // 10:00 in Riga, whatever zone the browser is in.
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(task!.due_at)).toBe('10:00');

    await page.click('[data-nav=tasks]');
    await page.waitForSelector('[data-test=my-tasks]');
    await page.click('[data-test=tab-upcoming]');
    await page.waitForURL((url) => url.searchParams.get('view') === 'upcoming');
    await page.waitForSelector(row('Call about the offer'));
    expect(await page.textContent(`${row('Call about the offer')} [data-test=task-record-link]`)).toBe('Ilze Kalniņa');
  }, 90_000);

  it('completes the task with the call outcome and schedules the next one in one step', async () => {
    await page.click(`${row('Call about the offer')} [data-test=task-menu]`);
    await page.click('[data-test=task-complete]');
    await page.waitForSelector('[data-test=complete-dialog]');
    await page.click('[data-test=outcome-reached]');
    await page.fill('[data-test=complete-dialog] textarea[name=result]', 'Interested; wants the offer by Friday.');
    await page.click('[data-test=schedule-next]');
    // The follow-up starts as the same call for the same person, a day later; it gets its own title.
    expect(await page.inputValue('[data-test=complete-dialog] input[name=next-title]')).toBe('Call about the offer');
    await page.fill('[data-test=complete-dialog] input[name=next-title]', 'Send the offer');
    const completed = page.waitForResponse((response) => response.url().endsWith('/complete') && response.request().method() === 'POST');
    await page.click('[data-test=complete-confirm]');
    expect((await completed).status()).toBe(200);

    await page.waitForSelector(row('Send the offer'));
    await page.waitForSelector(row('Call about the offer'), { state: 'detached' });
    expect(await page.textContent(`${row('Send the offer')} [data-test=task-record-link]`)).toBe('Ilze Kalniņa');
    await page.screenshot({ path: await screenshotPath('tasks-upcoming'), fullPage: true });

    const tasks = await t.query<{ title: string; status: string; outcome: string | null; result: string | null; entity_id: string; type: string; due_at: Date }>(
      `SELECT title, status, outcome, result, entity_id, type, due_at FROM tasks WHERE entity_id = $1 ORDER BY due_at`,
      [contactId],
    );
    expect(tasks.map(({ due_at: _, ...rest }) => rest)).toEqual([
      { title: 'Call about the offer', status: 'done', outcome: 'reached', result: 'Interested; wants the offer by Friday.', entity_id: contactId, type: 'call' },
      { title: 'Send the offer', status: 'open', outcome: null, result: null, entity_id: contactId, type: 'call' },
    ]);
    expect(tasks[1]!.due_at.getTime() - tasks[0]!.due_at.getTime()).toBe(24 * 3_600_000);

    // The contact's card has the next task, and its timeline what came of the first.
    await page.goto(`${t.baseUrl}/contacts/${contactId}`);
    await page.waitForSelector(`[data-test=record-tasks] ${row('Send the offer')}`);
    await page.waitForSelector('[data-test=timeline] [data-test=timeline-task]:has-text("completed a task")');
    expect(await page.textContent('[data-test=timeline] [data-test=timeline-task]:has-text("completed a task")')).toContain('Reached');
  }, 90_000);

  it('counts an overdue task on the Tasks badge until it is marked done', async () => {
    await page.waitForSelector('[data-nav=tasks] [data-test=overdue-badge] .n-badge-sup[title="1"]');
    await page.click('[data-nav=tasks]');
    await page.waitForSelector('[data-test=tab-count-overdue]');
    await page.click('[data-test=tab-overdue]');
    await page.waitForSelector(`${row('Send the price list')}[class*=overdue]`);
    await page.click(`${row('Send the price list')} [data-test=task-done]`);
    await page.waitForSelector(row('Send the price list'), { state: 'detached' });
    await page.waitForSelector('[data-nav=tasks] [data-test=overdue-badge]', { state: 'detached' });
    expect(await t.query(`SELECT status FROM tasks WHERE title = 'Send the price list'`)).toEqual([{ status: 'done' }]);
  }, 60_000);

  const signIn = async (email: string): Promise<Page> => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await other.goto(`${t.baseUrl}/login`);
    await other.fill('input[name=email]', email);
    await other.fill('input[name=password]', TEST_PASSWORD);
    await other.click('[data-test=login-submit]');
    await other.waitForSelector('[data-test=user-menu]');
    return other;
  };

  it('shows a head of sales who is late in Team tasks, and the team\'s tasks on the calendar', async () => {
    const head = await signIn('head@test.crm');
    await head.click('[data-nav=tasks]');
    await head.click('[data-test=tasks-view-team]');
    await head.waitForSelector('[data-test=team-tasks-table] [data-test=team-task-title]');
    await head.click('[data-test=filter-overdue]');
    await head.waitForURL((url) => url.searchParams.get('overdue') === 'true');
    await head.waitForFunction(() => [...document.querySelectorAll('[data-test=team-task-title]')].map((cell) => cell.textContent).join() === 'Visit the warehouse');
    expect(await head.textContent('.overdue-row')).toContain('Test rep2');
    await head.screenshot({ path: await screenshotPath('tasks-team'), fullPage: true });

    // The rep's next call is on the week of its day, and opens from there.
    const [next] = await t.query<{ due_at: Date }>(`SELECT due_at FROM tasks WHERE title = 'Send the offer'`);
    const day = await head.evaluate((due) => new Date(due).toLocaleDateString('en-CA'), next!.due_at.toISOString());
    await head.click('[data-test=tasks-view-calendar]');
    await head.waitForSelector('[data-test=calendar-week-grid]');
    await head.goto(`${t.baseUrl}/tasks/calendar?date=${day}`);
    await head.click(`[data-test=calendar-week-grid] [data-day="${day}"] [data-test=calendar-task]:has-text("Send the offer")`);
    await head.waitForSelector('[data-test=task-form]');
    expect(await head.inputValue('[data-test=task-form] input[name=title]')).toBe('Send the offer');
    await head.click('.n-drawer-footer button:has-text("Cancel")');
    await head.waitForSelector('[data-test=task-form]', { state: 'detached' });
    await head.click('[data-test=calendar-month]');
    await head.waitForSelector('[data-test=calendar-month-grid] [data-test=calendar-task]:has-text("Send the offer")');
    await head.screenshot({ path: await screenshotPath('tasks-calendar-month'), fullPage: true });
    await head.close();
  }, 90_000);

  it('asks for the next task when a deal moves while an admin requires one', async () => {
    await page.goto(`${t.baseUrl}/deals/board`);
    await page.waitForSelector(`[data-test=board-card][data-id="${dealId}"] [data-test=board-card-no-task]`);

    const admin = await signIn('admin@test.crm');
    await admin.goto(`${t.baseUrl}/settings/pipelines`);
    const saved = admin.waitForResponse((response) => response.url().endsWith('/api/v1/settings') && response.request().method() === 'PATCH');
    await admin.click('[data-test=require-next-task]');
    expect((await saved).status()).toBe(200);
    await admin.close();

    await page.goto(`${t.baseUrl}/deals/${dealId}`);
    await page.click('[data-test=stage-step][data-stage-name="Needs analysis"]');
    await page.waitForSelector('[data-test=next-task-dialog]');
    await page.fill('[data-test=next-task-dialog] input[name=next-title]', 'Send the proposal');
    const moved = page.waitForResponse(
      (response) => response.url().endsWith(`/api/v1/deals/${dealId}/stage`) && response.request().method() === 'POST' && response.status() === 200,
    );
    await page.click('[data-test=next-task-confirm]');
    await moved;
    await page.waitForSelector('[data-test=deal-stage]:has-text("Needs analysis")');
    await page.waitForSelector(`[data-test=record-tasks] ${row('Send the proposal')}`);
    expect(await t.query(`SELECT entity, entity_id, type FROM tasks WHERE title = 'Send the proposal'`)).toEqual([{ entity: 'deal', entity_id: dealId, type: 'call' }]);
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../api/test/support/test-app.js';
import { buildWebApp, launchBrowser, screenshotPath } from './support/browser.js';

/** A wall time `yyyy-MM-dd HH:mm` of an instant in a time zone, as the task form takes it. */
function wallTime(instant: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * A sales rep creates a task with a reminder about a minute ahead and, without reloading, sees the reminder arrive live:
 * a toast and the count on the bell, then the notification in the bell's panel, marked read from there. The API's job
 * runner fires the reminder; the page reads it from the notification stream.
 */
describe('live notifications', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const zone = 'Europe/Riga';

  beforeAll(async () => {
    const webDist = await buildWebApp();
    t = await startTestApp({ webDist });
    browser = await launchBrowser();
    // The form's due time is in the user's zone, which need not be the browser's.
    await t.query(`UPDATE users SET time_zone = $1 WHERE email = 'rep@test.crm'`, [zone]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a task reminder as it fires: toast, bell count and panel, without a reload', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${t.baseUrl}/login`);
    await page.fill('input[name=email]', 'rep@test.crm');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=notification-bell]');
    // Set on this page only: still there at the end means the page was never reloaded.
    await page.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));

    await page.click('[data-nav=tasks]');
    await page.waitForSelector('[data-test=my-tasks]');
    await page.click('[data-test=new-task]');
    await page.waitForSelector('[data-test=task-form]');
    await page.fill('[data-test=task-form] input[name=title]', 'Call Ilze back');
    // Due at the start of a minute 45 to 105 seconds from now, reminded at the due time: about a minute ahead.
    const due = Math.ceil((Date.now() + 45_000) / 60_000) * 60_000;
    await page.fill('[data-test=task-form] [data-test=task-due] input', wallTime(due, zone));
    await page.keyboard.press('Escape');
    // The form offers a reminder 15 minutes before; this one is at the due time instead.
    await page.click('[data-test=task-reminders]');
    await page.click('.n-base-select-option:has-text("At the due time")');
    await page.click('.n-base-select-option:has-text("15 min before")');
    await page.keyboard.press('Escape');
    const created = page.waitForResponse((response) => response.url().endsWith('/api/v1/tasks') && response.request().method() === 'POST');
    await page.click('[data-test=save]');
    expect((await created).status()).toBe(201);
    const [task] = await t.query<{ id: string; reminder_offsets: number[]; due_at: Date; time_zone: string }>(
      `SELECT id, reminder_offsets, due_at, time_zone FROM tasks WHERE title = 'Call Ilze back'`,
    );
    expect(task).toMatchObject({ reminder_offsets: [0], time_zone: zone });
    expect(task!.due_at.getTime()).toBe(due);
    expect(await page.$('[data-test=notification-count] .n-badge-sup')).toBeNull();

    // The reminder fires when it is due; the page hears it from the stream.
    await page.waitForSelector('[data-test=notification-toast]:has-text("Call Ilze back")', { timeout: 150_000 });
    await page.waitForSelector('[data-test=notification-count] .n-badge-sup[title="1"]');
    expect(await page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
    await page.screenshot({ path: await screenshotPath('notification-live') });

    // The panel lists it, linked to the task; marking all read clears the count.
    await page.click('[data-test=notification-bell]');
    await page.waitForSelector('[data-test=notification-panel] [data-test=notification-item]');
    expect(await page.textContent('[data-test=notification-panel] [data-test=notification-item]')).toContain('Call Ilze back');
    await page.click('[data-test=notifications-read-all]');
    await page.waitForFunction(() => !document.querySelector('[data-test=notification-count] .n-badge-sup'));
    const notifications = await t.query<{ kind: string; task_id: string; read_at: Date | null }>('SELECT kind, task_id, read_at FROM notifications');
    expect(notifications).toEqual([{ kind: 'task_reminder', task_id: task!.id, read_at: expect.any(Date) }]);
  }, 240_000);
});

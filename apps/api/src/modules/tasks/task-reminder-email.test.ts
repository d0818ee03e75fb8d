import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { startTestApp, type FixtureUser, type TestApp } from '../../../test/support/test-app.js';
import { SEND_EMAIL_QUEUE } from '../../core/mail/mail.service.js';
import { TASK_REMINDER_QUEUE, TaskRemindersService } from './task-reminders.service.js';

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Received {
  from: string | false;
  to: string[];
  user: string | undefined;
  raw: string;
}

/** E-mail copies of reminders, sent to a real SMTP server listening on a free port for this file. */
describe('task reminder e-mails', () => {
  let smtp: SMTPServer;
  let t: TestApp;
  const received: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      // Plain SMTP on loopback with a login: the URL's credentials must reach the server.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) =>
        auth.username === 'crm' && auth.password === 'secret' ? callback(null, { user: auth.username }) : callback(new Error('Invalid login')),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom && session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((address) => address.address),
            user: session.user as string | undefined,
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
      logger: false,
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    t = await startTestApp({
      smtpUrl: `smtp://crm:secret@127.0.0.1:${port}`,
      mailFrom: 'CRM <crm@test.crm>',
      publicUrl: 'https://crm.example',
    });
  }, 30_000);
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  async function remindSoon(owner: FixtureUser, title: string): Promise<string> {
    const [task] = await t.query<{ id: string; due_at: Date }>(
      `INSERT INTO tasks (title, due_at, reminder_offsets, owner_id) VALUES ($1, now() + interval '300 milliseconds', '{0}', $2) RETURNING id, due_at`,
      [title, t.users[owner].id],
    );
    await t.app.get(DataSource).transaction((manager) =>
      t.app.get(TaskRemindersService).sync(manager, { id: task!.id, status: 'open', dueAt: task!.due_at, reminderOffsets: [0], deletedAt: null }),
    );
    return task!.id;
  }

  it('lets a user ask for e-mail copies of their reminders', async () => {
    const before = await t.http.get('/api/v1/auth/me').set('Authorization', t.auth('rep')).expect(200);
    expect(before.body).toMatchObject({ mailEnabled: true, user: { emailReminders: false } });
    const after = await t.http.patch('/api/v1/auth/me').set('Authorization', t.auth('rep')).send({ emailReminders: true }).expect(200);
    expect(after.body.user.emailReminders).toBe(true);
    await t.http.patch('/api/v1/auth/me').set('Authorization', t.auth('rep')).send({ emailReminders: 'yes' }).expect(400);
  });

  it('sends exactly one e-mail for a reminder of a user who asked, and none to one who did not', async () => {
    const wanted = await remindSoon('rep', 'Call Anna');
    const unwanted = await remindSoon('rep2', 'Call Boris');

    // Both reminders fired, and every e-mail job is done.
    await eventually(async () => {
      const [row] = await t.query<{ fired: number; pending: number }>(
        `SELECT (SELECT count(*)::int FROM notifications WHERE task_id = ANY($1)) AS fired,
                (SELECT count(*)::int FROM pgboss.job WHERE name IN ($2, $3) AND state NOT IN ('completed', 'cancelled')) AS pending`,
        [[wanted, unwanted], SEND_EMAIL_QUEUE, TASK_REMINDER_QUEUE],
      );
      return row!.fired === 2 && row!.pending === 0 ? true : undefined;
    });

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail).toMatchObject({ from: 'crm@test.crm', to: ['rep@test.crm'], user: 'crm' });
    expect(mail!.raw).toMatch(/^Subject: Reminder: Call Anna\r?$/m);
    expect(mail!.raw).toMatch(/^From: CRM <crm@test\.crm>\r?$/m);
    expect(mail!.raw).toContain('https://crm.example/tasks');
    const [jobs] = await t.query<{ count: number }>(`SELECT count(*)::int FROM pgboss.job WHERE name = $1`, [SEND_EMAIL_QUEUE]);
    expect(jobs!.count).toBe(1);
  }, 30_000);
});

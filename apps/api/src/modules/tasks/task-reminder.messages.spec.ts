import { describe, expect, it } from '@jest/globals';
import { formatDueTime, reminderBody, reminderEmail } from './task-reminder.messages.js';

// 07:00 UTC: 09:00 in Riga (UTC+2), 08:00 in Madrid (UTC+1), 10:00 in Moscow (UTC+3).
const due = new Date('2026-01-15T07:00:00Z');

describe('reminder texts', () => {
  it("writes the due time in the reader's language and zone", () => {
    expect(formatDueTime(due, { locale: 'en', timeZone: 'Europe/Riga' })).toMatch(/January 15, 2026.*9:00/);
    expect(formatDueTime(due, { locale: 'ru', timeZone: 'Europe/Moscow' })).toMatch(/15 января 2026.*10:00/);
    expect(formatDueTime(due, { locale: 'lv', timeZone: 'Europe/Riga' })).toMatch(/2026.*janvār.*09:00/);
    expect(formatDueTime(due, { locale: 'es', timeZone: 'Europe/Madrid' })).toMatch(/15 de enero de 2026.*8:00/);
    expect(formatDueTime(due, { locale: 'en', timeZone: 'Not/AZone' })).toMatch(/7:00.*UTC$/);
  });

  it('says when the task is due, in four languages and English for anything else', () => {
    const reader = (locale: string) => ({ locale, timeZone: 'UTC' });
    expect(reminderBody(due, reader('en'))).toMatch(/^Due /);
    expect(reminderBody(due, reader('ru'))).toMatch(/^Срок: /);
    expect(reminderBody(due, reader('lv'))).toMatch(/^Termiņš: /);
    expect(reminderBody(due, reader('es'))).toMatch(/^Vence: /);
    expect(reminderBody(due, reader('de'))).toMatch(/^Due /);
  });

  it('writes an e-mail with a one-line subject, and a link to the tasks when the address is known', () => {
    const reader = { locale: 'lv', timeZone: 'Europe/Riga' };
    const mail = reminderEmail('Zvanīt\nAnnai', due, reader, 'https://crm.example/');
    expect(mail.subject).toBe('Atgādinājums: Zvanīt Annai');
    expect(mail.text).toContain('Zvanīt\nAnnai');
    expect(mail.text).toMatch(/09:00/);
    expect(mail.text).toContain('https://crm.example/tasks');
    expect(reminderEmail('Call', due, { locale: 'en', timeZone: 'UTC' }, null).text).not.toContain('http');
  });
});

import type { Locale } from '../users/user.entity.js';

/** Where and how a reminder is read: the assignee's language and time zone. */
export interface ReminderReader {
  locale: string;
  timeZone: string;
}

interface ReminderTexts {
  /** The notification's body. */
  due: (when: string) => string;
  subject: (title: string) => string;
  /** The e-mail's text, the link line added when the CRM's address is known. */
  text: (title: string, when: string) => string;
  open: (url: string) => string;
}

const TEXTS: Record<Locale, ReminderTexts> = {
  en: {
    due: (when) => `Due ${when}`,
    subject: (title) => `Reminder: ${title}`,
    text: (title, when) => `Your task "${title}" is due ${when}.`,
    open: (url) => `Your tasks: ${url}`,
  },
  ru: {
    due: (when) => `Срок: ${when}`,
    subject: (title) => `Напоминание: ${title}`,
    text: (title, when) => `Срок вашей задачи «${title}»: ${when}.`,
    open: (url) => `Ваши задачи: ${url}`,
  },
  lv: {
    due: (when) => `Termiņš: ${when}`,
    subject: (title) => `Atgādinājums: ${title}`,
    text: (title, when) => `Jūsu uzdevuma "${title}" termiņš: ${when}.`,
    open: (url) => `Jūsu uzdevumi: ${url}`,
  },
  es: {
    due: (when) => `Vence: ${when}`,
    subject: (title) => `Recordatorio: ${title}`,
    text: (title, when) => `Tu tarea «${title}» vence: ${when}.`,
    open: (url) => `Tus tareas: ${url}`,
  },
};

function textsFor(reader: ReminderReader): ReminderTexts {
  return TEXTS[reader.locale as Locale] ?? TEXTS.en;
}

/** The due time as the reader writes dates, in their zone, e.g. "12 March 2026 at 09:00" or "12 марта 2026 г., 09:00". */
export function formatDueTime(dueAt: Date, reader: ReminderReader): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(reader.locale, { ...options, timeZone: reader.timeZone }).format(dueAt);
  } catch {
    // A zone the runtime does not know: UTC, said so, rather than no reminder.
    return `${new Intl.DateTimeFormat(reader.locale, { ...options, timeZone: 'UTC' }).format(dueAt)} UTC`;
  }
}

export function reminderBody(dueAt: Date, reader: ReminderReader): string {
  return textsFor(reader).due(formatDueTime(dueAt, reader));
}

export function reminderEmail(title: string, dueAt: Date, reader: ReminderReader, appUrl: string | null): { subject: string; text: string } {
  const texts = textsFor(reader);
  const lines = [texts.text(title, formatDueTime(dueAt, reader))];
  if (appUrl) lines.push('', texts.open(`${appUrl.replace(/\/+$/, '')}/tasks`));
  // A title is one line in the subject whatever the user typed.
  return { subject: texts.subject(title.replace(/\s+/g, ' ').trim()), text: `${lines.join('\n')}\n` };
}

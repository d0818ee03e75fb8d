import { DateTime, type DurationLikeObject } from 'luxon';
import type { RecurrenceFrequency, TaskRecurrence } from './task.entity.js';

/** What the API takes and shows of a recurrence. */
export interface RecurrenceRule {
  frequency: RecurrenceFrequency;
  interval: number;
  until?: string | null;
}

/** An occurrence of a run: its due instant and its index in the run. */
export interface Occurrence {
  dueAt: Date;
  index: number;
}

const UNIT: Record<RecurrenceFrequency, keyof DurationLikeObject> = { daily: 'days', weekly: 'weeks', monthly: 'months' };

/** The local date-time of an instant in `zone`, without offset: the anchor of a run starting there. */
export function anchorOf(dueAt: Date, zone: string): string {
  return DateTime.fromJSDate(dueAt, { zone }).toISO({ includeOffset: false })!;
}

/** The rule as stored for the first occurrence of a run due at `dueAt`. */
export function startRun(rule: RecurrenceRule, dueAt: Date, zone: string): TaskRecurrence {
  return { frequency: rule.frequency, interval: rule.interval, until: rule.until ?? null, anchor: anchorOf(dueAt, zone), index: 0 };
}

/**
 * Occurrence `index` of the run anchored at `anchor` (local time in `zone`): the anchor plus index × interval calendar
 * units in that zone, so 09:00 stays 09:00 across a DST change, and a month too short for the anchor's day ends on its
 * last day (31 January → 28 February → 31 March). A local time that a DST change skips moves forward by the gap.
 */
export function occurrenceDue(rule: RecurrenceRule, anchor: string, zone: string, index: number): Date {
  return DateTime.fromISO(anchor, { zone })
    .plus({ [UNIT[rule.frequency]]: rule.interval * index })
    .toJSDate();
}

/** Whether an occurrence due at `dueAt` is within the rule's `until` (a local date, inclusive). */
function withinUntil(rule: RecurrenceRule, dueAt: Date, zone: string): boolean {
  if (!rule.until) return true;
  return DateTime.fromJSDate(dueAt, { zone }).toISODate()! <= rule.until;
}

/** The run position of a stored recurrence; a task stored without one counts as the first of a run at its due time. */
function positionOf(recurrence: TaskRecurrence, dueAt: Date, zone: string): { anchor: string; index: number } {
  return recurrence.anchor !== undefined ? { anchor: recurrence.anchor, index: recurrence.index ?? 0 } : { anchor: anchorOf(dueAt, zone), index: 0 };
}

/** The occurrence after the one due at `dueAt`, or null when it would fall after `until`. */
export function nextOccurrence(recurrence: TaskRecurrence, dueAt: Date, zone: string): Occurrence | null {
  const { anchor, index } = positionOf(recurrence, dueAt, zone);
  const next = occurrenceDue(recurrence, anchor, zone, index + 1);
  return withinUntil(recurrence, next, zone) ? { dueAt: next, index: index + 1 } : null;
}

/**
 * The occurrences after the one due at `dueAt` that fall in [from, to), at most `max` of them, for the calendar. Starts
 * near `from` rather than stepping from a task that may be long overdue.
 */
export function occurrencesBetween(recurrence: TaskRecurrence, dueAt: Date, zone: string, from: Date, to: Date, max: number): Occurrence[] {
  const { anchor, index } = positionOf(recurrence, dueAt, zone);
  const unit = UNIT[recurrence.frequency];
  const elapsed = DateTime.fromJSDate(from, { zone }).diff(DateTime.fromISO(anchor, { zone }), unit).as(unit);
  // One step early: the unit difference is fractional and clamped months may come before their nominal place.
  let current = Math.max(index + 1, Math.floor(elapsed / recurrence.interval) - 1);
  const found: Occurrence[] = [];
  while (found.length < max) {
    const due = occurrenceDue(recurrence, anchor, zone, current);
    if (due >= to || !withinUntil(recurrence, due, zone)) break;
    if (due >= from) found.push({ dueAt: due, index: current });
    current++;
  }
  return found;
}

/** The start of the local day of `instant` in `zone`: where an all-day task is due. */
export function startOfLocalDay(instant: Date, zone: string): Date {
  return DateTime.fromJSDate(instant, { zone }).startOf('day').toJSDate();
}

/** The local date (YYYY-MM-DD) of `instant` in `zone`. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

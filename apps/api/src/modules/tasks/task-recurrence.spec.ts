import { describe, expect, it } from '@jest/globals';
import { anchorOf, localDate, nextOccurrence, occurrenceDue, occurrencesBetween, startOfLocalDay, startRun } from './task-recurrence.js';
import type { TaskRecurrence } from './task.entity.js';

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

/** Follows a run from its first occurrence, completing each one in turn. */
function follow(recurrence: TaskRecurrence, first: Date, zone: string, count: number): string[] {
  const seen: string[] = [];
  let current: { recurrence: TaskRecurrence; dueAt: Date } = { recurrence, dueAt: first };
  for (let step = 0; step < count; step++) {
    const next = nextOccurrence(current.recurrence, current.dueAt, zone);
    if (!next) break;
    seen.push(iso(next.dueAt));
    current = { recurrence: { ...current.recurrence, index: next.index }, dueAt: next.dueAt };
  }
  return seen;
}

describe('task recurrence', () => {
  it('keeps the local time across a DST change: 09:00 Riga before and after the last Sunday of March', () => {
    // 2026-03-28 09:00 EET (UTC+2) = 07:00Z; the clocks go forward on 29 March, so 09:00 EEST (UTC+3) = 06:00Z.
    const first = at('2026-03-28T07:00:00Z');
    const run = startRun({ frequency: 'daily', interval: 1 }, first, 'Europe/Riga');
    expect(run.anchor).toBe('2026-03-28T09:00:00.000');
    expect(follow(run, first, 'Europe/Riga', 2)).toEqual(['2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z']);
    // And back in October: 09:00 EEST = 06:00Z, then 09:00 EET = 07:00Z.
    const autumn = at('2026-10-24T06:00:00Z');
    expect(follow(startRun({ frequency: 'daily', interval: 1 }, autumn, 'Europe/Riga'), autumn, 'Europe/Riga', 2)).toEqual([
      '2026-10-25T07:00:00.000Z',
      '2026-10-26T07:00:00.000Z',
    ]);
  });

  it('steps weekly and every n days in the zone', () => {
    const first = at('2026-03-20T16:30:00Z'); // Friday 09:30 in Los Angeles (PDT, UTC-7)
    const weekly = startRun({ frequency: 'weekly', interval: 2 }, first, 'America/Los_Angeles');
    expect(follow(weekly, first, 'America/Los_Angeles', 2)).toEqual(['2026-04-03T16:30:00.000Z', '2026-04-17T16:30:00.000Z']);
    const everyThird = startRun({ frequency: 'daily', interval: 3 }, at('2026-01-01T00:00:00Z'), 'UTC');
    expect(follow(everyThird, at('2026-01-01T00:00:00Z'), 'UTC', 2)).toEqual(['2026-01-04T00:00:00.000Z', '2026-01-07T00:00:00.000Z']);
  });

  it('clamps monthly occurrences to the end of short months and returns to the 31st', () => {
    const first = at('2026-01-31T08:00:00Z'); // 10:00 in Riga
    const run = startRun({ frequency: 'monthly', interval: 1 }, first, 'Europe/Riga');
    expect(follow(run, first, 'Europe/Riga', 5)).toEqual([
      '2026-02-28T08:00:00.000Z',
      '2026-03-31T07:00:00.000Z', // summer time from 29 March: still 10:00 local
      '2026-04-30T07:00:00.000Z',
      '2026-05-31T07:00:00.000Z',
      '2026-06-30T07:00:00.000Z',
    ]);
    // Leap years: 29 February, then back to the 31st.
    const leap = at('2028-01-31T12:00:00Z');
    expect(follow(startRun({ frequency: 'monthly', interval: 1 }, leap, 'UTC'), leap, 'UTC', 2)).toEqual(['2028-02-29T12:00:00.000Z', '2028-03-31T12:00:00.000Z']);
  });

  it('stops after until, a local date in the task zone', () => {
    const first = at('2026-05-01T21:00:00Z'); // 2 May 06:00 in Tokyo
    const run = startRun({ frequency: 'daily', interval: 1, until: '2026-05-04' }, first, 'Asia/Tokyo');
    expect(follow(run, first, 'Asia/Tokyo', 10)).toEqual(['2026-05-02T21:00:00.000Z', '2026-05-03T21:00:00.000Z']);
    expect(nextOccurrence({ ...run, index: 2 }, at('2026-05-03T21:00:00Z'), 'Asia/Tokyo')).toBeNull();
  });

  it('treats a stored rule without a run position as the first of a run', () => {
    const due = at('2026-06-15T10:00:00Z');
    expect(nextOccurrence({ frequency: 'weekly', interval: 1 }, due, 'UTC')).toEqual({ dueAt: at('2026-06-22T10:00:00Z'), index: 1 });
  });

  it('projects the occurrences of a range, starting near it however old the run is', () => {
    const first = at('2020-01-31T08:00:00Z');
    const run = startRun({ frequency: 'monthly', interval: 1 }, first, 'Europe/Riga');
    const found = occurrencesBetween(run, first, 'Europe/Riga', at('2026-02-01T00:00:00Z'), at('2026-04-01T00:00:00Z'), 100);
    expect(found.map((occurrence) => iso(occurrence.dueAt))).toEqual(['2026-02-28T08:00:00.000Z', '2026-03-31T07:00:00.000Z']);
    expect(found.map((occurrence) => occurrence.index)).toEqual([73, 74]);
    expect(occurrenceDue(run, run.anchor!, 'Europe/Riga', 73)).toEqual(found[0]!.dueAt);

    const daily = startRun({ frequency: 'daily', interval: 1, until: '2026-03-05' }, at('2026-03-01T09:00:00Z'), 'UTC');
    const week = occurrencesBetween(daily, at('2026-03-01T09:00:00Z'), 'UTC', at('2026-02-20T00:00:00Z'), at('2026-03-31T00:00:00Z'), 100);
    // Never the occurrence itself (it is a real task), and nothing after until.
    expect(week.map((occurrence) => iso(occurrence.dueAt).slice(0, 10))).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
    expect(occurrencesBetween(daily, at('2026-03-01T09:00:00Z'), 'UTC', at('2026-02-20T00:00:00Z'), at('2026-03-31T00:00:00Z'), 2)).toHaveLength(2);
  });

  it('works out local days and anchors', () => {
    // 23:30 on 9 March in Los Angeles (PDT since 8 March), 15:30 on 10 March in Tokyo.
    const instant = at('2026-03-10T06:30:00Z');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-03-09');
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2026-03-10');
    expect(iso(startOfLocalDay(instant, 'Asia/Tokyo'))).toBe('2026-03-09T15:00:00.000Z');
    expect(anchorOf(instant, 'Europe/Riga')).toBe('2026-03-10T08:30:00.000');
  });
});

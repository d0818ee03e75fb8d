/**
 * Wall-clock times in a named time zone, as the task form edits them: a due time is typed as "2026-03-28 09:00" in the
 * task's zone (whatever zone the browser is in) and sent as an instant with that zone's offset at that moment, so that
 * a task set for 09:00 in Riga stays 09:00 there across daylight saving time.
 */

/** `yyyy-MM-dd HH:mm`, or `yyyy-MM-dd` for a whole day. */
export type WallTime = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(zone: string, instant: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** Minutes the zone is ahead of UTC at that instant (Riga in summer: 180). */
export function zoneOffsetMinutes(zone: string, instant: number): number {
  const p = partsIn(zone, instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const pad = (value: number, length = 2) => String(Math.abs(value)).padStart(length, '0');

function offsetText(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

function parseWall(wall: WallTime): { year: number; month: number; day: number; hour: number; minute: number } {
  const [date = '', time = '00:00'] = wall.split(' ');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return { year, month, day, hour, minute };
}

/** The instant a wall time in `zone` stands for, as ISO 8601 with that zone's offset, e.g. `2026-03-28T09:00:00+02:00`. */
export function wallToInstant(wall: WallTime, zone: string): string {
  const w = parseWall(wall);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  // The offset at the guess may differ from the one at the answer near a DST change: a second pass settles it.
  let offset = zoneOffsetMinutes(zone, asUtc);
  const second = zoneOffsetMinutes(zone, asUtc - offset * 60_000);
  if (second !== offset) offset = second;
  const local = new Date(asUtc);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00${offsetText(offset)}`
  );
}

/** The wall time of an instant in `zone`: `yyyy-MM-dd HH:mm`. */
export function instantToWall(instant: string | number | Date, zone: string): WallTime {
  const p = partsIn(zone, new Date(instant).getTime());
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The wall time `days` later on the calendar, same time of day. */
export function addDays(wall: WallTime, days: number): WallTime {
  const w = parseWall(wall);
  const moved = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  const date = `${pad(moved.getUTCFullYear(), 4)}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
  return wall.includes(' ') ? `${date} ${wall.split(' ')[1]}` : date;
}

/** The zones the browser knows, for the zone picker; the given ones first if it lacks them. */
export function timeZones(...mustHave: string[]): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...mustHave.filter(Boolean), ...known])];
}

/** A local calendar day as `yyyy-MM-dd` (the browser's zone), for calendar grids. */
export function dayKey(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

import { describe, expect, it } from '@jest/globals';
import { addDays, instantToWall, wallToInstant, zoneOffsetMinutes } from './task-time';

describe('wall times in a time zone', () => {
  it('sends a wall time with the offset its zone has on that day', () => {
    expect(wallToInstant('2026-03-28 09:00', 'Europe/Riga')).toBe('2026-03-28T09:00:00+02:00');
    // Riga moves to summer time on 29 March 2026.
    expect(wallToInstant('2026-03-30 09:00', 'Europe/Riga')).toBe('2026-03-30T09:00:00+03:00');
    expect(wallToInstant('2026-07-01 18:30', 'America/New_York')).toBe('2026-07-01T18:30:00-04:00');
    expect(wallToInstant('2026-01-15 00:00', 'Asia/Kolkata')).toBe('2026-01-15T00:00:00+05:30');
    expect(wallToInstant('2026-01-15 12:00', 'UTC')).toBe('2026-01-15T12:00:00+00:00');
  });

  it('reads an instant back as the wall time of a zone', () => {
    expect(instantToWall('2026-03-28T07:00:00Z', 'Europe/Riga')).toBe('2026-03-28 09:00');
    expect(instantToWall('2026-03-30T06:00:00Z', 'Europe/Riga')).toBe('2026-03-30 09:00');
    expect(instantToWall('2026-03-30T06:00:00Z', 'Europe/Madrid')).toBe('2026-03-30 08:00');
    expect(zoneOffsetMinutes('Europe/Riga', Date.parse('2026-07-01T00:00:00Z'))).toBe(180);
  });

  it('moves a wall time by calendar days, across months and DST alike', () => {
    expect(addDays('2026-03-28 09:00', 1)).toBe('2026-03-29 09:00');
    expect(addDays('2026-01-31 09:00', 1)).toBe('2026-02-01 09:00');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

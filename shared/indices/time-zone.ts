// Local days and months of an instant in an IANA time zone, from Intl.DateTimeFormat alone (no tz library).
// Correct for zones with DST or odd offsets too; offsets are cached per UTC hour because ingest asks often.
import { DAY_MS, type MonthKey, monthDays, monthOfDay } from './calendar';
import { wallClockFormat } from './wall-clock-format';

const HOUR_MS = 3_600_000;
const MAX_CACHED_HOURS = 200_000;

interface ZoneCache {
  format: Intl.DateTimeFormat;
  /** UTC hour index → offset (ms) valid for that whole hour, or NaN when the offset changes within it. */
  hours: Map<number, number>;
}

const zones = new Map<string, ZoneCache>();

function zone(timeZone: string): ZoneCache {
  let z = zones.get(timeZone);
  if (!z) {
    z = { format: wallClockFormat(timeZone), hours: new Map() };
    zones.set(timeZone, z);
  }
  return z;
}

/** Exact offset of the zone's wall clock from UTC at an instant (whole seconds: Intl has no finer unit). */
function exactOffsetMs(format: Intl.DateTimeFormat, epochMs: number): number {
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(epochMs))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/** Offset of local time from UTC (ms) at `epochMs`: +8 h for Asia/Shanghai. */
export function utcOffsetMs(epochMs: number, timeZone: string): number {
  const z = zone(timeZone);
  const hour = Math.floor(epochMs / HOUR_MS);
  let cached = z.hours.get(hour);
  if (cached === undefined) {
    // Same offset at both ends of the hour: no transition inside it (zones never change twice in an hour).
    const start = exactOffsetMs(z.format, hour * HOUR_MS);
    const end = exactOffsetMs(z.format, (hour + 1) * HOUR_MS);
    cached = start === end ? start : Number.NaN;
    if (z.hours.size >= MAX_CACHED_HOURS) z.hours.clear();
    z.hours.set(hour, cached);
  }
  return Number.isNaN(cached) ? exactOffsetMs(z.format, epochMs) : cached;
}

/** The local calendar date of an instant, as a day number (see calendar.ts). */
export function localDay(epochMs: number, timeZone: string): number {
  return Math.floor((epochMs + utcOffsetMs(epochMs, timeZone)) / DAY_MS);
}

/** The local calendar date of an instant as YYYY-MM-DD. */
export function localDate(epochMs: number, timeZone: string): string {
  return new Date(localDay(epochMs, timeZone) * DAY_MS).toISOString().slice(0, 10);
}

export function localMonth(epochMs: number, timeZone: string): MonthKey {
  return monthOfDay(localDay(epochMs, timeZone));
}

/**
 * First instant of a local date. Usually local midnight; where a DST jump skips midnight (e.g. Santiago),
 * the first instant that exists on that date.
 */
export function localDayStartMs(day: number, timeZone: string): number {
  let t = day * DAY_MS;
  for (let i = 0; i < 3; i++) t = day * DAY_MS - utcOffsetMs(t, timeZone);
  if (localDay(t, timeZone) === day) {
    // The fixed point may be a later wall time on the same date when midnight does not exist: step back.
    while (localDay(t - HOUR_MS, timeZone) === day) t -= HOUR_MS;
    while (localDay(t - 60_000, timeZone) === day) t -= 60_000;
    return t;
  }
  // Landed on the date before (midnight skipped forward): walk forward to the first minute of `day`.
  while (localDay(t, timeZone) < day) t += 60_000;
  return t;
}

/** The instants [start, end) of a calendar month in a zone (what an InfluxQL WHERE clause needs). */
export function monthRangeMs(month: MonthKey, timeZone: string): [number, number] {
  const [first, end] = monthDays(month);
  return [localDayStartMs(first, timeZone), localDayStartMs(end, timeZone)];
}

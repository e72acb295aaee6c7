// Wall-clock hour of day in a site's IANA time zone. Offsets, local days and local midnights come from
// shared/indices/time-zone (one implementation, DST-correct); simulated shifts and profiles follow the site's clock.
import { utcOffsetMs } from '../../shared/indices/time-zone';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Local hour of day in [0, 24), with minutes as a fraction (13.5 = 13:30). */
export function localHour(epochMs: number, timeZone: string): number {
  const local = epochMs + utcOffsetMs(epochMs, timeZone);
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

// The rollups of one site: raw sums per local day (for months) and per UTC minute over the last 8 days (for
// rolling windows), each with the set of staff badges that entered, since "distinct per day" cannot be summed.
import type { PortEvent } from '../../shared/events/event';
import { type MonthKey, monthDays } from '../../shared/indices/calendar';
import { DepartureVersions } from '../../shared/indices/departure-versions';
import { addEvent, addSums, emptySums, type RawSums, removeDeparture } from '../../shared/indices/raw-sums';
import { ROLLING_BASE_OFFSET_MS, rollingWindows } from '../../shared/indices/rolling';
import { localDay } from '../../shared/indices/time-zone';

export interface Bucket {
  sums: RawSums;
  /** Indices into the site's badge dictionary. */
  badges: Set<number>;
}

const MINUTE_MS = 60_000;
/** The longest window plus its base 7 days back, and an hour of slack for late events. */
export const RECENT_MINUTES =
  (ROLLING_BASE_OFFSET_MS + Math.max(...Object.values(rollingWindows))) / MINUTE_MS + 60;

export class SiteRollup {
  /** Badge strings are stored once per site; buckets hold their indices. */
  readonly badges: string[] = [];
  private readonly badgeIndex = new Map<string, number>();
  readonly days = new Map<number, Bucket>();
  readonly minutes = new Map<number, Bucket>();
  private newestMinute = Number.NEGATIVE_INFINITY;
  /** Which departure versions are counted (a revision arriving before its original counts once). */
  readonly departures = new DepartureVersions(RECENT_MINUTES * MINUTE_MS);

  constructor(readonly timeZone: string) {}

  add(e: PortEvent): void {
    if (e.measurement === 'flight_departure') {
      // A revised departure replaces the version counted before: it is counted once, as revised, in
      // whichever order the versions arrive.
      const { count, uncount: earlier } = this.departures.take(e);
      if (earlier) {
        const day = this.days.get(localDay(earlier.time, this.timeZone));
        if (day) removeDeparture(day.sums, earlier);
        const recent = this.minutes.get(Math.floor(earlier.time / MINUTE_MS));
        if (recent) removeDeparture(recent.sums, earlier);
      }
      if (!count) return;
    }
    const minute = Math.floor(e.time / MINUTE_MS);
    const day = bucketFor(this.days, localDay(e.time, this.timeZone));
    const recent = minute > this.newestMinute - RECENT_MINUTES ? bucketFor(this.minutes, minute) : undefined;
    const badge = addEvent(day.sums, e);
    if (recent) addEvent(recent.sums, e);
    if (badge !== undefined) {
      const i = this.badgeId(badge);
      addBadge(day, i);
      if (recent) addBadge(recent, i);
    }
    if (minute > this.newestMinute) this.advance(minute);
  }

  /** Σ of the local days of a month (days without events add nothing). */
  monthSums(month: MonthKey): RawSums {
    const total = emptySums();
    const [first, end] = monthDays(month);
    for (let d = first; d < end; d++) {
      const b = this.days.get(d);
      if (b) addSums(total, b.sums);
    }
    return total;
  }

  /** Σ over UTC minutes [fromMinute, toMinute), distinct badges counted once over the whole window. */
  windowSums(fromMinute: number, toMinute: number): RawSums {
    const total = emptySums();
    const badges = new Set<number>();
    for (let m = fromMinute; m < toMinute; m++) {
      const b = this.minutes.get(m);
      if (!b) continue;
      addSums(total, b.sums);
      for (const i of b.badges) badges.add(i);
    }
    total.staffBadgeDays = badges.size;
    return total;
  }

  badgeId(badge: string): number {
    let i = this.badgeIndex.get(badge);
    if (i === undefined) {
      i = this.badges.push(badge) - 1;
      this.badgeIndex.set(badge, i);
    }
    return i;
  }

  /** Moves the recent horizon forward, dropping minutes no window can reach any more (once per hour). */
  advance(minute: number): void {
    const crossedHour = Math.floor(minute / 60) !== Math.floor(this.newestMinute / 60);
    this.newestMinute = Math.max(this.newestMinute, minute);
    if (!crossedHour) return;
    const horizon = this.newestMinute - RECENT_MINUTES;
    for (const m of this.minutes.keys()) if (m <= horizon) this.minutes.delete(m);
  }
}

export function bucketFor(map: Map<number, Bucket>, key: number): Bucket {
  let b = map.get(key);
  if (!b) {
    b = { sums: emptySums(), badges: new Set() };
    map.set(key, b);
  }
  return b;
}

function addBadge(b: Bucket, i: number): void {
  if (b.badges.has(i)) return;
  b.badges.add(i);
  b.sums.staffBadgeDays++;
}

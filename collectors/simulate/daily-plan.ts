// Day-by-day plans in a site's time zone (staff rosters, flight schedules): each local day is planned once, in
// day order, so a seed gives the same plan however the caller slices time. Items may spill into the next day
// (a night shift, a late flight); queries must move forward in time, and items before them are forgotten.
import { localDay, localDayStartMs } from '../../shared/indices/time-zone';

export class DailyPlan<T> {
  private nextDay: number;
  private pending: T[] = [];

  /**
   * @param planDay items of local day `dayIndex` (which starts at `dayStartMs`), in any order
   * @param lookbackDays days planned before the first query, for items that spill over into it
   */
  constructor(
    private readonly timeZone: string,
    startMs: number,
    private readonly timeOf: (item: T) => number,
    private readonly planDay: (dayIndex: number, dayStartMs: number) => T[],
    lookbackDays = 1,
  ) {
    this.nextDay = localDay(startMs, timeZone) - lookbackDays;
  }

  /** Items with time in [fromMs, toMs), sorted by time. */
  between(fromMs: number, toMs: number): T[] {
    // Items of a day may start a little before its midnight (staff arriving early): plan one day ahead.
    const lastDay = localDay(toMs, this.timeZone) + 1;
    let added = false;
    while (this.nextDay <= lastDay) {
      this.pending.push(...this.planDay(this.nextDay, localDayStartMs(this.nextDay, this.timeZone)));
      this.nextDay++;
      added = true;
    }
    if (added) this.pending.sort((a, b) => this.timeOf(a) - this.timeOf(b));
    let start = 0;
    while (start < this.pending.length && this.timeOf(this.pending[start]!) < fromMs) start++;
    let end = start;
    while (end < this.pending.length && this.timeOf(this.pending[end]!) < toMs) end++;
    const out = this.pending.slice(start, end);
    this.pending = this.pending.slice(end);
    return out;
  }
}

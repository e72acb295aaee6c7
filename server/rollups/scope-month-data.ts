// What the monthly formulas need from the rollups for a scope: a month's raw sums over its sites and the day
// divisor, which is the days elapsed so far while the month is still in progress at any of its sites.
import { type MonthKey, monthDays, monthOfDay } from '../../shared/indices/calendar';
import { type MonthData, memoMonthData } from '../../shared/indices/monthly';
import { localDay } from '../../shared/indices/time-zone';
import type { RollupStore } from './rollup-store';

export interface ScopeMonths {
  /** The newest month any of the scope's sites has reached (later months have not started). */
  currentMonth: MonthKey;
  data(month: MonthKey): MonthData;
}

export function scopeMonths(store: RollupStore, siteIds: readonly string[], nowMs: number): ScopeMonths {
  const today = siteIds.map((id) => localDay(nowMs, store.timeZoneOf(id)));
  const data = memoMonthData((month) => {
    const [first, end] = monthDays(month);
    let elapsed = 0;
    for (const d of today) if (d >= first && d < end) elapsed = Math.max(elapsed, d - first + 1);
    return {
      sums: store.monthSums(siteIds, month),
      days: elapsed > 0 ? elapsed : end - first,
      partial: elapsed > 0,
    };
  });
  return { currentMonth: monthOfDay(Math.max(...today)), data };
}

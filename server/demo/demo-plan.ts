// What a demo start has to write before going live, decided from the data dir's marker: on an empty data dir
// `months` of history at history granularity, then the last hours in full detail; on a data dir the demo used
// before, only the gap since it stopped (history granularity for the part older than the detailed hours).
import { addMonths } from '../../shared/indices/calendar';
import { localMonth, monthRangeMs } from '../../shared/indices/time-zone';
import type { HistoryMarker } from './history-marker';

export interface DemoPlan {
  /** Simulated history [fromMs, toMs) to write first; absent when there is nothing to write at that granularity. */
  history?: { fromMs: number; toMs: number };
  /** Hours written in full detail before going live (from toMs, or the marker, up to now). */
  detailedHours: number;
  /** First instant of the demo's history (kept in the marker). */
  historyFromMs: number;
  /** Why nothing is written (a data dir with someone else's events). */
  skipReason?: string;
}

export interface PlanInput {
  nowMs: number;
  timeZone: string;
  /** Months of history before the current one (0: none). */
  months: number;
  detailedHours: number;
  siteIds: readonly string[];
  marker: HistoryMarker | undefined;
  /** Events already in the log. */
  logEvents: number;
}

export function planDemo(p: PlanInput): DemoPlan {
  const detailedFromMs = p.nowMs - p.detailedHours * 3_600_000;
  if (p.marker) {
    const sameSites =
      p.marker.sites.length === p.siteIds.length && p.marker.sites.every((s) => p.siteIds.includes(s));
    const gapFrom = Math.min(p.nowMs, Math.max(p.marker.coveredUntilMs, p.marker.fromMs));
    const history = gapFrom < detailedFromMs ? { fromMs: gapFrom, toMs: detailedFromMs } : undefined;
    return {
      ...(history && sameSites ? { history } : {}),
      detailedHours: (p.nowMs - Math.max(gapFrom, history ? detailedFromMs : gapFrom)) / 3_600_000,
      historyFromMs: p.marker.fromMs,
      ...(sameSites ? {} : { skipReason: 'the site registry changed since the history was written' }),
    };
  }
  if (p.logEvents > 0) {
    return {
      detailedHours: p.detailedHours,
      historyFromMs: detailedFromMs,
      skipReason: `the data dir already holds ${p.logEvents} events the demo did not write`,
    };
  }
  if (p.months <= 0) return { detailedHours: p.detailedHours, historyFromMs: detailedFromMs };
  const [fromMs] = monthRangeMs(addMonths(localMonth(p.nowMs, p.timeZone), -p.months), p.timeZone);
  return {
    history: { fromMs, toMs: detailedFromMs },
    detailedHours: p.detailedHours,
    historyFromMs: fromMs,
  };
}

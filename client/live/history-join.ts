// Joins server history (GET /api/kpis/history) to the live rows so a chart shows one seamless series: history
// only where live rows do not reach (deduplicated by t: live wins), the whole trimmed to the chosen range,
// and live rows thinned to the history's resolution so a 24 h chart is not 86,400 points.
import type { AlignedColumns } from './stream-buffer';

export interface JoinInput {
  /** History rows, ascending t (epoch s), all KPI columns. */
  history: { t: readonly number[]; values: readonly (readonly (number | null)[])[] } | undefined;
  /** Live rows as ordered columns: [t, ...all KPI columns]. */
  live: AlignedColumns;
  /** Range shown, seconds, ending at the newest row. */
  rangeSeconds: number;
  /** Seconds between history rows (1 or 60). */
  resolution: number;
}

export function joinHistory({ history, live, rangeSeconds, resolution }: JoinInput): AlignedColumns {
  const [liveT, ...liveCols] = live;
  const newest = liveT.at(-1) ?? history?.t.at(-1);
  if (newest === undefined) return [[], ...liveCols.map(() => [])];
  const cutoff = newest - rangeSeconds;
  const liveFirst = liveT[0] ?? Number.POSITIVE_INFINITY;
  const t: number[] = [];
  const cols: (number | null)[][] = liveCols.map(() => []);
  if (history) {
    history.t.forEach((ht, i) => {
      if (ht <= cutoff || ht >= liveFirst) return;
      t.push(ht);
      for (const [c, col] of cols.entries()) col.push(history.values[c]?.[i] ?? null);
    });
  }
  const last = liveT.length - 1;
  liveT.forEach((lt, i) => {
    if (lt <= cutoff) return;
    if (resolution > 1 && lt % resolution !== resolution - 1 && i !== last) return;
    t.push(lt);
    for (const [c, col] of cols.entries()) col.push(liveCols[c]![i] ?? null);
  });
  return [t, ...cols];
}

/**
 * Whether the history must be (re)loaded: live rows do not reach back over the whole range and the history
 * does not fill the hole up to the first live row (within one resolution step).
 */
export function historyNeeded(
  historyT: readonly number[] | undefined,
  liveFirstT: number | undefined,
  newestT: number,
  rangeSeconds: number,
  resolution: number,
): boolean {
  if (liveFirstT !== undefined && liveFirstT <= newestT - rangeSeconds + 1) return false;
  if (!historyT || historyT.length === 0) return true;
  const reachesLive = liveFirstT === undefined || liveFirstT - historyT.at(-1)! <= resolution;
  return !reachesLive;
}

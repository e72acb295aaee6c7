// The rows of GET /api/kpis/history: the live channel's own rows where the hub still holds them (so history
// and live agree at the join), recomputed from the rolling windows for older seconds and minutes.

import { kpiColumns } from '../../../shared/live/kpi-columns';
import { type HistoryRange, historyRanges } from '../../../shared/live/kpi-history';
import type { KpiFrame } from '../../../shared/live/messages';
import type { RollingKpis } from '../../kpis/rolling-kpis';
import type { LiveHub } from '../../live/hub';

export interface HistoryWindow {
  resolution: number;
  /** Epoch seconds of the first and the last row (inclusive). */
  from: number;
  to: number;
}

/** Rows this close to the hub's oldest row are computed anyway: the hub window moves on while a cache lives. */
const HUB_EDGE_MARGIN_S = 120;

/** The rows a range covers at `nowMs`: every second, or the last second (:59) of every completed minute. */
export function historyWindow(range: HistoryRange, nowMs: number): HistoryWindow {
  const { seconds, resolution } = historyRanges[range];
  const nowS = Math.floor(nowMs / 1000);
  const to = resolution === 1 ? nowS : Math.floor((nowS + 1) / resolution) * resolution - 1;
  return { resolution, from: to - seconds + resolution, to };
}

/** Rows recomputed from the rolling windows, except those `skip` says the hub holds (left null). */
function computedRows(
  site: string,
  w: HistoryWindow,
  kpis: Pick<RollingKpis, 'row'>,
  skip: (t: number) => boolean,
) {
  const frame: KpiFrame = { t: [], values: kpiColumns.map(() => []) };
  for (let t = w.from; t <= w.to; t += w.resolution) {
    frame.t.push(t);
    const row = skip(t) ? undefined : kpis.row(site, t * 1000);
    for (const [k, c] of kpiColumns.entries()) frame.values[k]!.push(row ? row[c] : null);
  }
  return frame;
}

/**
 * `cached` may hand back rows computed earlier (they change only with late data); the hub's rows are always
 * read fresh and win wherever the hub holds that second.
 */
export function historyRows(
  site: string,
  w: HistoryWindow,
  hub: Pick<LiveHub, 'kpiRows'>,
  kpis: Pick<RollingKpis, 'row'>,
  cached: (compute: () => KpiFrame) => KpiFrame = (compute) => compute(),
): KpiFrame {
  const live = hub.kpiRows(site, w.from - 1) ?? { t: [], values: [] };
  const heldFrom = (live.t[0] ?? Number.POSITIVE_INFINITY) + HUB_EDGE_MARGIN_S;
  const computed = cached(() => computedRows(site, w, kpis, (t) => t >= heldFrom));
  const liveIndex = new Map(live.t.map((t, i) => [t, i]));
  const values = computed.values.map((col) => [...col]);
  computed.t.forEach((t, r) => {
    const i = liveIndex.get(t);
    if (i !== undefined) for (let c = 0; c < values.length; c++) values[c]![r] = live.values[c]![i] ?? null;
  });
  return { t: computed.t, values };
}

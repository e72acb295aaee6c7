// Rolling (live) indices: the monthly metrics over a sliding window against the same window 7 days earlier.
import { composite } from './composite';
import { type IndexName, indexValue, type Metric, metric, type SubIndexName, subIndexNames } from './metrics';
import type { RawSums } from './raw-sums';
import { defaultWeights, type Weights } from './weights';

export const ROLLING_BASE_OFFSET_MS = 7 * 86_400_000;

export const rollingWindows = { '60m': 60 * 60_000, '24h': 24 * 60 * 60_000 } as const;
export type RollingWindow = keyof typeof rollingWindows;

export interface RollingIndexResult {
  value: number | null;
  /** m(window): per-day metrics are window totals here (both windows have the same length). */
  metric: number | null;
  base_metric: number | null;
  reason: string | null;
}

export function rollingIndices(
  current: RawSums,
  base: RawSums,
  weights: Weights = defaultWeights,
): Record<IndexName, RollingIndexResult> {
  const where = { current: 'the window', base: 'the base window (7 days earlier)' };
  const out = {} as Record<IndexName, RollingIndexResult>;
  const values = {} as Record<SubIndexName, number | null>;
  for (const name of subIndexNames) {
    const m: Metric = metric(name, current, 1);
    const b: Metric = metric(name, base, 1);
    const v = indexValue(m, b, where);
    values[name] = v.value;
    out[name] = { value: v.value, metric: m.value, base_metric: b.value, reason: v.reason };
  }
  const c = composite(values, weights);
  out.composite = { value: c.value, metric: null, base_metric: null, reason: c.reason };
  return out;
}

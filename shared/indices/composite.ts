// The composite index: weighted mean of the sub-index values that exist, weights renormalised over them.
import type { Metric, SubIndexName } from './metrics';
import { subIndexNames } from './metrics';
import type { Weights } from './weights';

export function composite(values: Record<SubIndexName, number | null>, weights: Weights): Metric {
  const used = subIndexNames.filter((n) => values[n] !== null && weights[n] > 0);
  // Weights are relative: scaled so the largest is 1, finite weights near Number.MAX_VALUE (1e308 each) cannot
  // overflow their sum or the weighted sum to Infinity (Infinity / Infinity is NaN, not the mean).
  const scale = Math.max(0, ...used.map((n) => weights[n]));
  let weighted = 0;
  let total = 0;
  for (const name of used) {
    const w = weights[name] / scale;
    weighted += w * values[name]!;
    total += w;
  }
  return total > 0
    ? { value: weighted / total, reason: null }
    : { value: null, reason: 'no weighted sub-index has a value' };
}

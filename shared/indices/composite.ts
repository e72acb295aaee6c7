// The composite index: weighted mean of the sub-index values that exist, weights renormalised over them.
import type { Metric, SubIndexName } from './metrics';
import { subIndexNames } from './metrics';
import type { Weights } from './weights';

export function composite(values: Record<SubIndexName, number | null>, weights: Weights): Metric {
  let weighted = 0;
  let total = 0;
  for (const name of subIndexNames) {
    const v = values[name];
    if (v === null || weights[name] <= 0) continue;
    weighted += weights[name] * v;
    total += weights[name];
  }
  return total > 0
    ? { value: weighted / total, reason: null }
    : { value: null, reason: 'no weighted sub-index has a value' };
}

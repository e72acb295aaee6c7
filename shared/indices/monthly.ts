// Monthly indices of one scope: value = 100 × m(M)/m(base), change in points against M−1 under the same
// base rule, composite, partial flag. Pure: the caller says how to get a month's raw sums.
import { addMonths, type MonthKey } from './calendar';
import { composite } from './composite';
import { type IndexName, indexValue, type Metric, metric, type SubIndexName, subIndexNames } from './metrics';
import type { RawSums } from './raw-sums';
import { defaultWeights, type Weights } from './weights';

/** Year-on-year (base = the same month a year before) or one fixed base month for every month. */
export type BaseRule = { mode: 'yoy' } | { mode: 'fixed'; month: MonthKey };

export interface MonthData {
  sums: RawSums;
  /** Divisor of the per-day metrics: days in the month, or days elapsed when it is still in progress. */
  days: number;
  partial: boolean;
}

export interface IndexResult {
  /** Index points (100 = the base level); null when unknown. */
  value: number | null;
  /** value(M) − value(M−1) in points. */
  change: number | null;
  /** The raw m(M) (null for the composite, which has no metric of its own). */
  metric: number | null;
  /** Why value (or else change) is null; null when both are known. */
  reason: string | null;
}

export interface MonthlyIndices {
  month: MonthKey;
  base: { mode: BaseRule['mode']; month: MonthKey };
  partial: boolean;
  indices: Record<IndexName, IndexResult>;
}

export function baseMonthOf(month: MonthKey, rule: BaseRule): MonthKey {
  return rule.mode === 'yoy' ? addMonths(month, -12) : rule.month;
}

type MonthValues = { metrics: Record<SubIndexName, Metric>; values: Record<IndexName, Metric> };

function monthValues(
  month: MonthKey,
  rule: BaseRule,
  data: (m: MonthKey) => MonthData,
  weights: Weights,
): MonthValues {
  const base = baseMonthOf(month, rule);
  const current = data(month);
  const baseData = data(base);
  const where = { current: month, base: `base month ${base}` };
  const metrics = {} as Record<SubIndexName, Metric>;
  const values = {} as Record<IndexName, Metric>;
  for (const name of subIndexNames) {
    metrics[name] = metric(name, current.sums, current.days);
    values[name] = indexValue(metrics[name], metric(name, baseData.sums, baseData.days), where);
  }
  const subValues = Object.fromEntries(subIndexNames.map((n) => [n, values[n].value])) as Record<
    SubIndexName,
    number | null
  >;
  values.composite = composite(subValues, weights);
  return { metrics, values };
}

/** Memoises month data: a series asks for the same months several times (M−1, M−12, M−13). */
export function memoMonthData(data: (m: MonthKey) => MonthData): (m: MonthKey) => MonthData {
  const cache = new Map<MonthKey, MonthData>();
  return (m) => {
    const cached = cache.get(m);
    if (cached) return cached;
    const d = data(m);
    cache.set(m, d);
    return d;
  };
}

export function monthlyIndices(
  month: MonthKey,
  rule: BaseRule,
  data: (m: MonthKey) => MonthData,
  weights: Weights = defaultWeights,
): MonthlyIndices {
  const now = monthValues(month, rule, data, weights);
  const previousMonth = addMonths(month, -1);
  const before = monthValues(previousMonth, rule, data, weights);
  const indices = {} as Record<IndexName, IndexResult>;
  for (const name of [...subIndexNames, 'composite'] as const) {
    const v = now.values[name].value;
    const p = before.values[name].value;
    const change = v !== null && p !== null ? v - p : null;
    const reason =
      now.values[name].reason ?? (change === null ? `change unknown: no value for ${previousMonth}` : null);
    const m = name === 'composite' ? null : now.metrics[name].value;
    indices[name] = { value: v, change, metric: m, reason };
  }
  return {
    month,
    base: { mode: rule.mode, month: baseMonthOf(month, rule) },
    partial: data(month).partial,
    indices,
  };
}

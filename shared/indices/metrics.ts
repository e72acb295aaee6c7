// The six sub-index metrics m(M) of the methodology, each from RawSums, and "no data" told apart from zero.
import type { RawSumKey, RawSums } from './raw-sums';

export const subIndexNames = [
  'volume',
  'rural_volume',
  'staffing',
  'load_rate',
  'gate_timeliness',
  'flight_punctuality',
] as const;
export type SubIndexName = (typeof subIndexNames)[number];
export const indexNames = [...subIndexNames, 'composite'] as const;
export type IndexName = (typeof indexNames)[number];

/** A metric value, or null with the reason ("no data" is never 0). */
export interface Metric {
  value: number | null;
  reason: string | null;
}

interface MetricDefinition {
  /** `perDay`: Σ numerator / days; `share`: Σ numerator / Σ denominator. */
  kind: 'perDay' | 'share';
  numerator: RawSumKey;
  denominator?: RawSumKey;
  /** The count of events the metric reads: 0 means no data. */
  presence: RawSumKey;
  noData: string;
  /** The reason when the denominator is 0 although there is data (only possible where it is not `presence`). */
  zeroDenominator?: string;
}

export const metricDefinitions: Record<SubIndexName, MetricDefinition> = {
  volume: {
    kind: 'perDay',
    numerator: 'parcels',
    presence: 'volumeEvents',
    noData: 'no released vehicle gate scans or departures',
  },
  rural_volume: {
    kind: 'perDay',
    numerator: 'ruralParcels',
    presence: 'ruralEvents',
    noData: 'no released rural vehicle gate scans',
  },
  staffing: {
    kind: 'perDay',
    numerator: 'staffBadgeDays',
    presence: 'staffBadgeDays',
    noData: 'no released staff entries',
  },
  load_rate: {
    kind: 'share',
    numerator: 'netKg',
    denominator: 'ratedKg',
    presence: 'stableWeighings',
    noData: 'no stable weighbridge readings',
    zeroDenominator: 'the weighed trucks have no rated payload (Σ rated payload is 0)',
  },
  gate_timeliness: {
    kind: 'share',
    numerator: 'vehicleScansWithinSla',
    denominator: 'vehicleScans',
    presence: 'vehicleScans',
    noData: 'no vehicle gate scans',
  },
  flight_punctuality: {
    kind: 'share',
    numerator: 'onTimeDepartures',
    denominator: 'departures',
    presence: 'departures',
    noData: 'no flight departures',
  },
};

/**
 * m(period) of one sub-index. `days` divides the per-day metrics: the days in the month (or elapsed so far);
 * a rolling window passes 1, so its per-day metrics are window totals.
 */
export function metric(name: SubIndexName, sums: RawSums, days: number): Metric {
  const def = metricDefinitions[name];
  if (sums[def.presence] === 0) return { value: null, reason: def.noData };
  if (def.kind === 'perDay') return { value: sums[def.numerator] / days, reason: null };
  const den = sums[def.denominator!];
  if (den === 0) return { value: null, reason: def.zeroDenominator ?? `no ${def.denominator}` };
  return { value: sums[def.numerator] / den, reason: null };
}

/** Where a metric was taken, for reasons: "2025-07" / "base month 2024-07", or the two rolling windows. */
export interface PeriodLabels {
  current: string;
  base: string;
}

/** 100 × m(current) / m(base), or null with the reason (never 0 or 100 for missing data). */
export function indexValue(current: Metric, base: Metric, where: PeriodLabels): Metric {
  if (current.value === null)
    return { value: null, reason: `no data in ${where.current}: ${current.reason}` };
  if (base.value === null) return { value: null, reason: `no data in ${where.base}: ${base.reason}` };
  if (base.value === 0) return { value: null, reason: `the metric is 0 in ${where.base}, so no ratio` };
  return { value: (100 * current.value) / base.value, reason: null };
}

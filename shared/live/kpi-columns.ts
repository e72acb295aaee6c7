// The live KPI row of one site: one row per second, columns in this fixed order (uPlot-style columnar data).
import { z } from 'zod';

export const kpiColumns = [
  'vehicles_in_per_min', // released vehicle `in` scans in the last 60 s
  'vehicles_out_per_min', // released vehicle `out` scans in the last 60 s
  'parcels_per_min', // parcels through released vehicle gate scans in the last 60 s (not flights)
  'processing_p50_ms', // vehicle gate processing time, last 15 min
  'processing_p95_ms',
  'sla_share', // share of vehicle scans ≤ 10 s, last 15 min (0..1)
  'staff_on_site', // staff whose last released scan is `in` (within 24 h)
  'load_rate_1h', // Σ net / Σ rated payload over stable weighings, last 60 min (0..1)
  'departures_24h',
  'on_time_share_24h', // share of departures with AOBT − SOBT < 15 min, last 24 h (0..1)
  'overweight_24h', // stable weighings above the GB 1589 limit, last 24 h
] as const;
export type KpiColumn = (typeof kpiColumns)[number];

/** A KPI value is null when its window has no events of the kind it reads ("no data", never 0). */
export const kpiValueSchema = z.number().nullable();

export type KpiRow = Record<KpiColumn, number | null>;

/** One KPI row as an object keyed by column (the JSON API's shape; the live channel sends columns instead). */
export const kpiRowSchema = z.object(
  Object.fromEntries(kpiColumns.map((c) => [c, kpiValueSchema])) as Record<KpiColumn, typeof kpiValueSchema>,
);

// GET /api/kpis/history?site=&range=: past KPI rows in the live channel's columnar frame shape, at a resolution
// that keeps payloads small, so the client can put history and live rows in one chart (deduplicated by t).
import { z } from 'zod';
import { kpiFrameSchema } from './messages';

export const historyRanges = {
  '15m': { seconds: 15 * 60, resolution: 1 },
  '1h': { seconds: 3600, resolution: 1 },
  '6h': { seconds: 6 * 3600, resolution: 60 },
  '24h': { seconds: 24 * 3600, resolution: 60 },
} as const;
export type HistoryRange = keyof typeof historyRanges;
export const historyRangeSchema = z.enum(Object.keys(historyRanges) as [HistoryRange, ...HistoryRange[]]);

/**
 * Rows are KPI rows as the live channel sends them. At 60 s resolution each row is the one of the last second
 * of its minute (t ≡ 59 mod 60), so per-minute flows are exactly that minute's counts.
 */
export const kpiHistoryResponseSchema = z.object({
  site: z.string(),
  range: historyRangeSchema,
  /** Seconds between rows. */
  resolution: z.number(),
  /** Epoch seconds: first and last t asked for (inclusive). */
  from: z.number(),
  to: z.number(),
  kpiColumns: z.array(z.string()),
  frame: kpiFrameSchema,
});
export type KpiHistoryResponse = z.infer<typeof kpiHistoryResponseSchema>;

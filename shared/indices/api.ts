// Response shapes of the index API (GET /api/indices, /api/indices/series, /api/kpis/rolling): the server
// builds them, the client validates them with these schemas at the edge.
import { z } from 'zod';
import { regionSchema } from '../sites/regions';
import { type IndexName, indexNames } from './metrics';
import { rollingWindows } from './rolling';

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const nullableNumber = z.number().nullable();

export const scopeSchema = z.object({
  kind: z.enum(['all', 'region', 'site']),
  /** Region or site id; null for all sites. */
  id: z.union([regionSchema, z.string()]).nullable(),
  /** Display name ("All sites", "east region", the site's name). */
  name: z.string(),
  /** The registry sites whose raw sums were added up. */
  sites: z.array(z.string()),
});
export type Scope = z.infer<typeof scopeSchema>;

export const indexResultSchema = z.object({
  value: nullableNumber,
  change: nullableNumber,
  metric: nullableNumber,
  reason: z.string().nullable(),
});

/** One entry per index name (the six sub-indices and the composite), each of the given shape. */
function perIndex<S extends z.ZodType>(schema: S) {
  return z.object(Object.fromEntries(indexNames.map((n) => [n, schema])) as Record<IndexName, S>);
}

const baseSchema = z.object({ mode: z.enum(['yoy', 'fixed']), month: monthSchema });

export const monthlyRowSchema = z.object({
  month: monthSchema,
  base: baseSchema,
  partial: z.boolean(),
  indices: perIndex(indexResultSchema),
});
export type MonthlyRow = z.infer<typeof monthlyRowSchema>;

/** GET /api/indices */
export const indicesResponseSchema = monthlyRowSchema.extend({ scope: scopeSchema });
export type IndicesResponse = z.infer<typeof indicesResponseSchema>;

/** GET /api/indices/series (JSON) */
export const seriesResponseSchema = z.object({
  from: monthSchema,
  to: monthSchema,
  scope: scopeSchema,
  base: z.object({ mode: z.enum(['yoy', 'fixed']), month: monthSchema.nullable() }),
  rows: z.array(monthlyRowSchema),
});
export type SeriesResponse = z.infer<typeof seriesResponseSchema>;

export const rollingIndexResultSchema = z.object({
  value: nullableNumber,
  metric: nullableNumber,
  base_metric: nullableNumber,
  reason: z.string().nullable(),
});

const windowSchema = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });

/** GET /api/kpis/rolling */
export const rollingResponseSchema = z.object({
  window: z.enum(Object.keys(rollingWindows) as [keyof typeof rollingWindows]),
  scope: scopeSchema,
  /** [from, to) of the window and of its base (the same window 7 days earlier). */
  current: windowSchema,
  base: windowSchema,
  indices: perIndex(rollingIndexResultSchema),
});
export type RollingResponse = z.infer<typeof rollingResponseSchema>;

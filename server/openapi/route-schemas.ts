// zod schemas of the endpoints whose handlers read their input by hand (InfluxDB-compatible writes, probes)
// and of responses that had no schema yet; the rest of the API description uses the shared schemas as is.
import { z } from 'zod';
import { alertSetSchema } from '../../shared/live/alerts';
import { kpiColumns, kpiValueSchema } from '../../shared/live/kpi-columns';
import { historyRangeSchema } from '../../shared/live/kpi-history';
import { precisionValues } from '../routes/write/precision';

const precision = (values: string[]) => z.enum(values as [string, ...string[]]).optional();

export const v2WriteQuerySchema = z.object({
  bucket: z.string().min(1).describe('required, as InfluxDB requires it; any name is accepted'),
  org: z.string().optional().describe('ignored (one store)'),
  precision: precision(precisionValues.v2).describe('timestamp unit of the body; default ns'),
});

export const v1WriteQuerySchema = z.object({
  db: z.string().min(1).describe('required, as InfluxDB 1.x requires it; any name is accepted'),
  precision: precision(precisionValues.v1).describe('timestamp unit of the body; default ns'),
  u: z.string().optional().describe('user name (ignored)'),
  p: z.string().optional().describe('the write token, when not sent as a header'),
});

export const kpisLiveQuerySchema = z.object({ site: z.string().min(1) });
export const kpisLiveResponseSchema = z.object({
  site: z.string(),
  at: z.number().describe('epoch ms'),
  kpis: z.object(Object.fromEntries(kpiColumns.map((c) => [c, kpiValueSchema]))),
  lastEventAt: z.number().nullable(),
});

export const kpisHistoryQuerySchema = z.object({
  site: z.string().min(1),
  range: historyRangeSchema.optional(),
});

export const alertsQuerySchema = z.object({ site: z.string().min(1) });
export const lanesQuerySchema = z.object({ site: z.string().min(1) });
export const alertsResponseSchema = alertSetSchema.extend({ site: z.string() });

export const liveQuerySchema = z.object({
  ticket: z.string().optional().describe('one-time ticket from POST /api/live/ticket (browsers)'),
});
export const ticketResponseSchema = z.object({
  ticket: z.string(),
  expiresAt: z.number().describe('epoch ms; the ticket is valid once, until then'),
});

export const healthResponseSchema = z.object({ status: z.literal('pass'), version: z.string() });
export const readinessSchema = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string() })),
  influx: z.unknown().optional(),
});

// Server-computed alerts as they travel on the `alerts/<site>` live channel and GET /api/alerts: one shape per
// kind, each with a stable id, a start and (once over) a clear time. Device strings (plates) are plain text.
import { z } from 'zod';
import { ackSchema } from '../alerting/ack';
import { deviceTextSchema } from '../events/common';

export const alertKinds = ['gate_sla', 'overweight', 'departure_delay', 'silent'] as const;
export type AlertKind = (typeof alertKinds)[number];
export const alertSeverities = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

const alertBase = {
  /** Stable for the life of the alert: `<kind>:<site>:<subject>:<startedAt>`. */
  id: z.string().min(1).max(200),
  site: z.string(),
  severity: z.enum(alertSeverities),
  /** Epoch ms: when the condition began (event time for truck and flight alerts). */
  startedAt: z.number(),
  /** Epoch ms of the last change of any shown value. */
  updatedAt: z.number(),
  /** Epoch ms when the condition ended; null while active. */
  clearedAt: z.number().nullable(),
  /** Who acknowledged it, when, with what note (shared live by every screen); absent or null until then. */
  ack: ackSchema.nullable().optional(),
};

export const alertSchema = z.discriminatedUnion('kind', [
  z.object({
    ...alertBase,
    kind: z.literal('gate_sla'),
    /** Share of vehicle scans within 10 s over the window (0..1), its threshold and the sample size. */
    share: z.number(),
    threshold: z.number(),
    windowMinutes: z.number(),
    scans: z.number(),
  }),
  z.object({
    ...alertBase,
    kind: z.literal('overweight'),
    plate: deviceTextSchema(32),
    bridge: z.string(),
    axles: z.number(),
    grossKg: z.number(),
    limitKg: z.number(),
  }),
  z.object({
    ...alertBase,
    kind: z.literal('departure_delay'),
    flightNo: deviceTextSchema(12),
    destination: z.string(),
    sobt: z.number(),
    aobt: z.number(),
    delayMinutes: z.number(),
  }),
  z.object({
    ...alertBase,
    kind: z.literal('silent'),
    /** Which collector went quiet (a measurement), or `site` when nothing at all arrives. */
    source: z.enum(['site', 'gate_scan', 'weighbridge', 'flight_departure']),
    lastEventAt: z.number(),
    limitSeconds: z.number(),
  }),
]);
export type Alert = z.infer<typeof alertSchema>;
export type AlertOf<K extends AlertKind> = Extract<Alert, { kind: K }>;

/** GET /api/alerts?site= and the alerts snapshot: active alerts and the most recently cleared ones. */
export const alertSetSchema = z.object({ active: z.array(alertSchema), recent: z.array(alertSchema) });
export type AlertSet = z.infer<typeof alertSetSchema>;

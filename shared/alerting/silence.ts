// Silences: matchers over an alert's site, region, kind and severity (or one alert id) that keep matching
// alerts from being notified until an end time, with a reason and an author. Created and ended through the
// API and the operator view; kept across restarts.
import { z } from 'zod';
import { alertKinds, alertSeverities } from '../live/alerts';
import { regionSchema } from '../sites/regions';
import { idSchema } from '../sites/registry';

export const silenceMatchersSchema = z
  .strictObject({
    site: idSchema.optional(),
    region: regionSchema.optional(),
    kind: z.enum(alertKinds).optional(),
    severity: z.enum(alertSeverities).optional(),
    alertId: z.string().min(1).max(200).optional(),
  })
  .refine((m) => Object.keys(m).length > 0, { message: 'a silence needs at least one matcher' });
export type SilenceMatchers = z.infer<typeof silenceMatchersSchema>;

export const silenceSchema = z.object({
  id: z.string(),
  matchers: silenceMatchersSchema,
  /** Epoch ms. */
  startsAt: z.number(),
  endsAt: z.number(),
  reason: z.string(),
  createdBy: z.string(),
  /** Set when ended early through the API. */
  endedAt: z.number().nullable(),
});
export type Silence = z.infer<typeof silenceSchema>;

/** POST /api/silences body: `endsAt` (epoch ms) or `durationMinutes`. */
export const silenceRequestSchema = z
  .strictObject({
    matchers: silenceMatchersSchema,
    endsAt: z.number().int().positive().optional(),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(90 * 24 * 60)
      .optional(),
    reason: z.string().trim().min(1, 'give a reason').max(500),
    createdBy: z.string().trim().min(1, 'say who silences').max(80),
  })
  .refine((r) => (r.endsAt === undefined) !== (r.durationMinutes === undefined), {
    message: 'give either endsAt or durationMinutes',
  });
export type SilenceRequest = z.infer<typeof silenceRequestSchema>;

export const silenceListSchema = z.object({ silences: z.array(silenceSchema) });

/** True when `m` matches an alert of that site/region/kind/severity/id. */
export function silenceMatches(
  m: SilenceMatchers,
  a: { id: string; site: string; region: string; kind: string; severity: string },
): boolean {
  return (
    (m.site === undefined || m.site === a.site) &&
    (m.region === undefined || m.region === a.region) &&
    (m.kind === undefined || m.kind === a.kind) &&
    (m.severity === undefined || m.severity === a.severity) &&
    (m.alertId === undefined || m.alertId === a.id)
  );
}

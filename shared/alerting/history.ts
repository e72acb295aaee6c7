// The alert history (GET /api/alerts/history): what was raised, escalated and cleared, who acknowledged what,
// which notification went where with what outcome, and the silences. One line per record on disk, kept for
// PORTPULSE_ALERT_HISTORY_DAYS.
import { z } from 'zod';
import { alertSchema } from '../live/alerts';
import { ackSchema } from './ack';
import { silenceSchema } from './silence';

export const alertTransitions = ['raised', 'escalated', 'cleared'] as const;
export type AlertTransition = (typeof alertTransitions)[number];
/** A notification is about a change, or a reminder (`repeat`) of an alert still active and unacknowledged. */
export type NotifiedTransition = AlertTransition | 'repeat';

export const notificationOutcomes = ['sent', 'failed', 'expired', 'muted', 'silenced'] as const;
export type NotificationOutcome = (typeof notificationOutcomes)[number];

export const historyEntrySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('alert'),
    at: z.number(),
    site: z.string(),
    transition: z.enum(alertTransitions),
    alert: alertSchema,
  }),
  z.object({ type: z.literal('ack'), at: z.number(), site: z.string(), alertId: z.string(), ack: ackSchema }),
  z.object({
    type: z.literal('notification'),
    at: z.number(),
    site: z.string(),
    notificationId: z.string(),
    channel: z.string(),
    alertIds: z.array(z.string()),
    /** `<alert id>|<transition>|<severity>` of every alert the notification carried. */
    keys: z.array(z.string()),
    outcome: z.enum(notificationOutcomes),
    detail: z.string().optional(),
  }),
  z.object({
    type: z.literal('silence'),
    at: z.number(),
    site: z.string().nullable(),
    silence: silenceSchema,
  }),
]);
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyResponseSchema = z.object({
  site: z.string().nullable(),
  from: z.number(),
  to: z.number(),
  entries: z.array(historyEntrySchema),
  /** True when more entries matched than one answer holds (narrow the range). */
  truncated: z.boolean(),
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

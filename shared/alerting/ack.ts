// Acknowledgement of an alert by an operator: who, when, an optional note. Travels inside the alert on the live
// channel (so every open screen shows it) and in the alert history.
import { z } from 'zod';

export const ackSchema = z.object({
  by: z.string().min(1).max(80),
  /** Epoch ms. */
  at: z.number(),
  note: z.string().max(500).optional(),
});
export type Ack = z.infer<typeof ackSchema>;

/** POST /api/alerts/ack body. */
export const ackRequestSchema = z.strictObject({
  id: z.string().min(1).max(200),
  by: z.string().trim().min(1, 'say who acknowledges').max(80),
  note: z.string().trim().max(500).optional(),
});
export type AckRequest = z.infer<typeof ackRequestSchema>;

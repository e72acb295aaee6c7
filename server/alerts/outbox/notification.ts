// One notification: what a route sends to one channel in one message (one alert, or a group of them). This
// is what the outbox keeps on disk until the channel took it; the message text is rendered at delivery.
import { z } from 'zod';
import { alertSchema } from '../../../shared/live/alerts';

export const notificationSchema = z.object({
  /** Deterministic for a change (channel + alert transitions), so a re-raise after a restart is recognised. */
  id: z.string(),
  channel: z.string(),
  createdAt: z.number(),
  groupKey: z.string(),
  items: z.array(
    z.object({ transition: z.enum(['raised', 'escalated', 'cleared', 'repeat']), alert: alertSchema }),
  ),
});
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationItem = Notification['items'][number];

/** `<alert id>|<transition>|<severity>`: what the ledger remembers as notified. */
export const itemKey = (i: NotificationItem) => `${i.alert.id}|${i.transition}|${i.alert.severity}`;

/** How a delivery attempt ended: retry later (down, 5xx, 429, rate limited) or final. */
export type DeliveryResult = { ok: true } | { ok: false; retry: boolean; error: string };

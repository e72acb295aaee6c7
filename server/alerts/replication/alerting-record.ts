// What alerting puts on the cluster's stream (subject `<stream>.alerting`, beside the events) so that every
// node applies it in stream order: acknowledgements, silences (created or ended), notifications queued by the
// notifying node (the replicated outbox), their outcomes (the history's notification records), and the
// notifier's clock ticks, at which every node judges its time-based alerts by the tick's stream timestamp.
import { z } from 'zod';
import { ackSchema } from '../../../shared/alerting/ack';
import { historyEntrySchema } from '../../../shared/alerting/history';
import { silenceSchema } from '../../../shared/alerting/silence';
import { notificationSchema } from '../outbox/notification';

export const alertingRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ack'), alertId: z.string(), site: z.string(), ack: ackSchema }),
  z.object({ type: z.literal('silence'), silence: silenceSchema }),
  z.object({ type: z.literal('notify'), notification: notificationSchema }),
  z.object({ type: z.literal('outcome'), entries: z.array(historyEntrySchema) }),
  z.object({ type: z.literal('tick'), node: z.string() }),
]);
export type AlertingRecord = z.infer<typeof alertingRecordSchema>;

/** How alerting reaches the stream in cluster mode. */
export interface AlertingReplica {
  /** Stores the record in the stream; resolves once this node applied it (or after a short wait). */
  publish(record: AlertingRecord): Promise<void>;
}

// POST /api/alerts/ack { id, by, note? }: an operator acknowledges an active alert. The acknowledgement is
// durable before the answer, goes out at once on the alert's live channel (every open screen shows it) and
// stops the alert's repeat notifications.
import { Hono } from 'hono';
import { z } from 'zod';
import { ackRequestSchema } from '../../../shared/alerting/ack';
import { PortpulseError } from '../../../shared/errors';
import { alertSchema } from '../../../shared/live/alerts';
import type { AppDeps } from '../../app-deps';
import { parseJsonBody } from './json-body';

export const ackResponseSchema = z.object({ alert: alertSchema });

export function ackRoutes(deps: AppDeps): Hono {
  return new Hono().post('/api/alerts/ack', async (c) => {
    const req = await parseJsonBody(c, ackRequestSchema);
    const alert = deps.alerts.find(req.id);
    if (!alert) throw new PortpulseError('not_found', `no alert "${req.id}"`);
    if (alert.clearedAt !== null)
      throw new PortpulseError('invalid', `alert "${req.id}" is already cleared: nothing to acknowledge`, {
        field: 'id',
      });
    const ack = await deps.alerting.acknowledge(alert, req.by, req.note);
    const updated = deps.alerts.setAck(alert.id, ack) ?? { ...alert, ack };
    deps.hub.flushAlerts();
    deps.log('info', 'alert acknowledged', { alert: alert.id, by: req.by });
    return c.json({ alert: updated } satisfies z.input<typeof ackResponseSchema>);
  });
}

// Alerting in /metrics and /ready: per channel, notifications sent, failed (final) and retried, what waits in
// the outbox and for how long; rules-file reloads. Read from the outbox at scrape time.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Readiness } from '../app-deps';
import type { Alerting } from './alerting';

export function registerAlertingMetrics(registry: Registry, alerting: Alerting): void {
  const perChannel = (
    name: string,
    help: string,
    read: (h: ReturnType<Alerting['channelHealth']>[number]) => number,
    kind: 'counter' | 'gauge',
  ) => {
    const Metric = kind === 'counter' ? Counter : Gauge;
    new Metric({
      name,
      help,
      labelNames: ['channel', 'type'] as const,
      registers: [registry],
      collect(this: Counter<'channel' | 'type'> | Gauge<'channel' | 'type'>) {
        this.reset();
        for (const h of alerting.channelHealth()) {
          const v = read(h);
          const labels = { channel: h.channel, type: h.type };
          if (this instanceof Gauge) this.set(labels, v);
          else this.inc(labels, v);
        }
      },
    });
  };
  perChannel(
    'portpulse_alert_notifications_sent_total',
    'Notifications a channel accepted',
    (h) => h.sent,
    'counter',
  );
  perChannel(
    'portpulse_alert_notifications_failed_total',
    'Notifications given up: refused by the channel (final error) or expired after retrying',
    (h) => h.failed,
    'counter',
  );
  perChannel(
    'portpulse_alert_notification_retries_total',
    'Failed delivery attempts that will be retried',
    (h) => h.retries,
    'counter',
  );
  perChannel(
    'portpulse_alert_outbox_queued',
    'Notifications waiting in the outbox',
    (h) => h.queued,
    'gauge',
  );
  perChannel(
    'portpulse_alert_outbox_oldest_seconds',
    'Age of the oldest notification waiting in the outbox (0 when empty)',
    (h) => h.oldestAgeSeconds,
    'gauge',
  );
  new Counter({
    name: 'portpulse_alert_rules_reloads_total',
    help: 'Rules file reloads by result (a failed one keeps the previous rules)',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: 'ok' }, alerting.reloads.ok);
      this.inc({ result: 'failed' }, alerting.reloads.failed);
    },
  });
}

/**
 * One /ready check per channel. They are informational (ok stays true): readiness is about taking writes, and
 * a chat robot being down must not take the server out of a load balancer. The detail says whether the channel
 * is failing, how much waits and the last error.
 */
export function alertingChecks(alerting: Alerting): Readiness['checks'] {
  const checks: Readiness['checks'] = {};
  for (const h of alerting.channelHealth()) {
    const failing = h.queued > 0 && h.lastError !== undefined;
    checks[`alert_channel:${h.channel}`] = {
      ok: true,
      detail: failing
        ? `${h.type} failing, retrying: ${h.queued} queued, oldest ${Math.round(h.oldestAgeSeconds)} s; last error: ${h.lastError}`
        : `${h.type} ok: ${h.sent} sent, ${h.failed} failed, ${h.queued} queued`,
    };
  }
  if (alerting.reloads.failed > 0 && alerting.reloads.lastError)
    checks.alert_rules = {
      ok: true,
      detail: `last reload failed (previous rules kept): ${alerting.reloads.lastError}`,
    };
  return checks;
}

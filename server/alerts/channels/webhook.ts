// Generic webhook: the notification as JSON, each alert with its state, fields and a link to the operator view.
// With a secret, the receiver can check the body: X-Portpulse-Timestamp (epoch ms) and X-Portpulse-Signature
// = "sha256=" + hex HMAC-SHA256(secret, "<timestamp>.<body>") (the scheme of Stripe and GitHub webhooks:
// the timestamp inside the signed text lets a receiver refuse replays). X-Portpulse-Notification-Id is the
// same on every retry, so a receiver can drop a repeat delivery.
import { createHmac } from 'node:crypto';
import type { Notification } from '../outbox/notification';
import type { ChannelConfig } from '../rules-file/rules-schema';
import { postJson } from './http-post';
import { type MessageContext, renderMessage, siteLink } from './message-text';

type WebhookConfig = Extract<ChannelConfig, { type: 'webhook' }>;

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookBody(n: Notification, c: WebhookConfig, ctx: MessageContext): string {
  const m = renderMessage(n, c.lang, ctx);
  return JSON.stringify({
    version: 1,
    notificationId: n.id,
    channel: n.channel,
    status: n.items.every((i) => i.transition === 'cleared') ? 'resolved' : 'firing',
    title: m.title,
    text: m.text,
    alerts: n.items.map(({ transition, alert }) => {
      const site = ctx.sites.get(alert.site);
      return {
        ...alert,
        state: transition,
        siteName: site?.name ?? alert.site,
        region: site?.region ?? null,
        link: siteLink(ctx.publicUrl, alert.site),
      };
    }),
  });
}

export function sendWebhook(n: Notification, c: WebhookConfig, ctx: MessageContext, now = Date.now()) {
  const body = webhookBody(n, c, ctx);
  const headers: Record<string, string> = { ...c.headers, 'x-portpulse-notification-id': n.id };
  if (c.secret) {
    const ts = String(now);
    headers['x-portpulse-timestamp'] = ts;
    headers['x-portpulse-signature'] = webhookSignature(c.secret, ts, body);
  }
  return postJson(c.url, body, { headers });
}

// E-mail over SMTP with nodemailer: STARTTLS by default (refused if the server does not offer it), implicit TLS
// or none. The subject is the headline, the body the short plain text. SMTP 4xx answers and connection
// failures are retried; 5xx is final.
import { readFileSync } from 'node:fs';
import { createTransport, type Transporter } from 'nodemailer';
import type { DeliveryResult, Notification } from '../outbox/notification';
import type { ChannelConfig } from '../rules-file/rules-schema';
import { type MessageContext, renderMessage } from './message-text';

type EmailConfig = Extract<ChannelConfig, { type: 'email' }>;

export function emailTransport(c: EmailConfig): Transporter {
  const { smtp } = c;
  return createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    tls: { ...(smtp.ca_file ? { ca: readFileSync(smtp.ca_file) } : {}) },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

export async function sendEmail(
  n: Notification,
  c: EmailConfig,
  ctx: MessageContext,
  transport: Transporter,
): Promise<DeliveryResult> {
  const m = renderMessage(n, c.lang, ctx);
  try {
    await transport.sendMail({
      from: c.from,
      to: c.to,
      subject: m.title,
      text: m.text,
      headers: { 'X-Portpulse-Notification-Id': n.id },
    });
    return { ok: true };
  } catch (e) {
    const err = e as Error & { responseCode?: number; response?: string };
    const code = err.responseCode;
    return {
      ok: false,
      retry: code === undefined || code < 500,
      error: `${err.message}${err.response && !err.message.includes(err.response) ? ` (${err.response})` : ''}`,
    };
  }
}

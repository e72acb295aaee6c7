// Sends one notification through its channel's kind. E-mail transports are kept per channel configuration
// (nodemailer pools nothing by default, but building one reads the CA file).
import type { Transporter } from 'nodemailer';
import type { DeliveryResult, Notification } from '../outbox/notification';
import type { ChannelConfig } from '../rules-file/rules-schema';
import { sendDingtalk } from './dingtalk';
import { emailTransport, sendEmail } from './email';
import { sendFeishu } from './feishu';
import type { MessageContext } from './message-text';
import { sendWebhook } from './webhook';
import { sendWecom } from './wecom';

export class ChannelSender {
  private readonly transports = new WeakMap<ChannelConfig, Transporter>();

  send(n: Notification, c: ChannelConfig, ctx: MessageContext): Promise<DeliveryResult> {
    switch (c.type) {
      case 'webhook':
        return sendWebhook(n, c, ctx);
      case 'dingtalk':
        return sendDingtalk(n, c, ctx);
      case 'wecom':
        return sendWecom(n, c, ctx);
      case 'feishu':
        return sendFeishu(n, c, ctx);
      case 'email': {
        let t = this.transports.get(c);
        if (!t) {
          try {
            t = emailTransport(c);
          } catch (e) {
            return Promise.resolve({
              ok: false,
              retry: false,
              error: `cannot set up SMTP: ${(e as Error).message}`,
            });
          }
          this.transports.set(c, t);
        }
        return sendEmail(n, c, ctx, t);
      }
    }
  }
}

// Feishu (飞书) custom bot (自定义机器人, https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
// an interactive card with a coloured header and a markdown element. Signature ("签名校验"): timestamp in
// *seconds*, string to sign = timestamp + "\n" + secret used as the HMAC-SHA256 *key* over an empty message,
// base64 — not DingTalk's scheme (see e.g. https://juejin.cn/post/7391005009667293199); timestamp and sign
// travel in the body. The answer is { code, msg } (older bots: { StatusCode, StatusMessage }); 0 is
// success, 11232 (frequency limited) is retried, any other code is final (19021: bad signature).
import { createHmac } from 'node:crypto';
import type { Notification } from '../outbox/notification';
import type { ChannelConfig } from '../rules-file/rules-schema';
import { postJson } from './http-post';
import { type MessageContext, renderMessage } from './message-text';

type FeishuConfig = Extract<ChannelConfig, { type: 'feishu' }>;

export function feishuSign(secret: string, timestampSeconds: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update(Buffer.alloc(0)).digest('base64');
}

function checkFeishu(body: string) {
  let parsed: { code?: unknown; msg?: unknown; StatusCode?: unknown };
  try {
    parsed = JSON.parse(body);
  } catch {
    return { retry: false, error: `not a JSON answer: ${body.slice(0, 500)}` };
  }
  const code = parsed.code ?? parsed.StatusCode;
  if (code === 0) return undefined;
  return {
    retry: code === 11232,
    error: `code ${String(code)}: ${String(parsed.msg ?? '')} (${body.slice(0, 500)})`,
  };
}

export function sendFeishu(n: Notification, c: FeishuConfig, ctx: MessageContext, now = Date.now()) {
  const m = renderMessage(n, c.lang, ctx);
  const cleared = n.items.every((i) => i.transition === 'cleared');
  const critical = n.items.some((i) => i.alert.severity === 'critical');
  const card = {
    header: {
      title: { tag: 'plain_text', content: m.title },
      template: cleared ? 'green' : critical ? 'red' : 'orange',
    },
    elements: [{ tag: 'markdown', content: m.markdown.split('\n').slice(1).join('\n') }],
  };
  const signed = c.secret
    ? (() => {
        const timestamp = String(Math.floor(now / 1000));
        return { timestamp, sign: feishuSign(c.secret, timestamp) };
      })()
    : {};
  const body = JSON.stringify({ ...signed, msg_type: 'interactive', card });
  return postJson(c.url, body, { checkBody: checkFeishu });
}

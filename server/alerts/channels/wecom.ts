// WeCom (企业微信) group robot (群机器人, https://developer.work.weixin.qq.com/document/path/91770):
// POST { msgtype: "markdown", markdown: { content } } (content at most 4096 bytes of UTF-8) to the webhook
// with its key. No signing: the key in the URL is the secret. The answer is { errcode, errmsg }; 45009 (over
// the 20-a-minute limit) is retried, any other errcode ≠ 0 is final.
import type { Notification } from '../outbox/notification';
import type { ChannelConfig } from '../rules-file/rules-schema';
import { errcodeCheck, postJson } from './http-post';
import { type MessageContext, renderMessage } from './message-text';

type WecomConfig = Extract<ChannelConfig, { type: 'wecom' }>;

export const WECOM_MAX_BYTES = 4096;

/** Cuts text to at most `max` UTF-8 bytes on a character boundary. */
export function cutUtf8(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > max - 3) break;
    out += ch;
    bytes += b;
  }
  return `${out}…`;
}

export function sendWecom(n: Notification, c: WecomConfig, ctx: MessageContext) {
  const m = renderMessage(n, c.lang, ctx);
  const body = JSON.stringify({
    msgtype: 'markdown',
    markdown: { content: cutUtf8(m.markdown, WECOM_MAX_BYTES) },
  });
  return postJson(c.url, body, { checkBody: errcodeCheck([45009]) });
}

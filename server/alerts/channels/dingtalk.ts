// DingTalk custom robot (自定义机器人). Message: { msgtype: "markdown", markdown: { title, text } }
// (https://open.dingtalk.com/document/development/robot-message-type). Signing ("加签",
// https://open.dingtalk.com/document/robots/customize-robot-security-settings): timestamp = epoch ms,
// string to sign = timestamp + "\n" + secret, sign = urlEncode(base64(HmacSHA256(key = secret, stringToSign))),
// appended to the webhook as &timestamp=…&sign=… (the official Python sample, quoted e.g. in
// https://blog.csdn.net/weixin_31560545/article/details/116255918). The answer is { errcode, errmsg }; errcode 0
// is success, anything else is final except 130101 ("send too fast", the robot's 20 messages a minute).
import { createHmac } from 'node:crypto';
import type { Notification } from '../outbox/notification';
import type { ChannelConfig } from '../rules-file/rules-schema';
import { errcodeCheck, postJson } from './http-post';
import { type MessageContext, renderMessage } from './message-text';

type DingtalkConfig = Extract<ChannelConfig, { type: 'dingtalk' }>;

export function dingtalkSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export function dingtalkUrl(url: string, secret: string | undefined, now: number): string {
  if (!secret) return url;
  const u = new URL(url);
  const ts = String(now);
  u.searchParams.set('timestamp', ts);
  u.searchParams.set('sign', dingtalkSign(secret, ts)); // URLSearchParams percent-encodes it
  return u.toString();
}

export function sendDingtalk(n: Notification, c: DingtalkConfig, ctx: MessageContext, now = Date.now()) {
  const m = renderMessage(n, c.lang, ctx);
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: m.title, text: m.markdown } });
  return postJson(dingtalkUrl(c.url, c.secret, now), body, { checkBody: errcodeCheck([130101]) });
}

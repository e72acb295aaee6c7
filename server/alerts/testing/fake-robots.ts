// Fake DingTalk, WeCom and Feishu robots for tests: real HTTP endpoints on 127.0.0.1 that check each request
// the way the documented API does (message shape, signature, timestamp window) and answer in the API's own
// format, so a wrong signature gets the robot's error, not a silent pass.
//   DingTalk: https://open.dingtalk.com/document/robots/customize-robot-security-settings — &timestamp=<ms>
//             &sign=urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))), within 1 hour;
//             { msgtype: "markdown", markdown: { title, text } }; answers { errcode, errmsg } (310000: bad sign).
//   WeCom:    https://developer.work.weixin.qq.com/document/path/91770 — ?key=…,
//             { msgtype: "markdown", markdown: { content ≤ 4096 bytes } }; answers { errcode, errmsg }.
//   Feishu:   https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot — body timestamp (s) and
//             sign = base64(HmacSHA256(key = timestamp + "\n" + secret, "")), within 1 hour;
//             answers { code, msg } (19021: bad sign).
import { createHmac } from 'node:crypto';
import { type Answer, type ReceivedRequest, startHttpReceiver } from './http-receiver';

const withinHour = (ms: number) => Math.abs(Date.now() - ms) < 3_600_000;

export function checkDingtalk(r: ReceivedRequest, secret: string): string | undefined {
  const ts = r.query.get('timestamp');
  const sign = r.query.get('sign');
  if (!ts || !sign) return 'missing timestamp or sign';
  if (!withinHour(Number(ts))) return 'timestamp out of window';
  const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
  if (sign !== expected) return 'sign not match';
  const b = r.json as { msgtype?: string; markdown?: { title?: unknown; text?: unknown } };
  if (
    b?.msgtype !== 'markdown' ||
    typeof b.markdown?.title !== 'string' ||
    typeof b.markdown.text !== 'string'
  )
    return 'not a markdown message';
  return undefined;
}

export function checkWecom(r: ReceivedRequest): string | undefined {
  if (!r.query.get('key')) return 'missing key';
  const b = r.json as { msgtype?: string; markdown?: { content?: unknown } };
  if (b?.msgtype !== 'markdown' || typeof b.markdown?.content !== 'string') return 'not a markdown message';
  if (Buffer.byteLength(b.markdown.content) > 4096) return 'content over 4096 bytes';
  return undefined;
}

export function checkFeishu(r: ReceivedRequest, secret: string): string | undefined {
  const b = r.json as {
    timestamp?: string;
    sign?: string;
    msg_type?: string;
    card?: { elements?: unknown[] };
  };
  if (!b?.timestamp || !b.sign) return 'missing timestamp or sign';
  if (!withinHour(Number(b.timestamp) * 1000)) return 'timestamp out of window';
  const expected = createHmac('sha256', `${b.timestamp}\n${secret}`).update('').digest('base64');
  if (b.sign !== expected) return 'sign match fail';
  if (b.msg_type !== 'interactive' || !Array.isArray(b.card?.elements)) return 'not an interactive card';
  return undefined;
}

export const dingtalkAnswer = (problem: string | undefined): Answer =>
  problem
    ? { status: 200, body: { errcode: 310000, errmsg: problem } }
    : { status: 200, body: { errcode: 0, errmsg: 'ok' } };
export const wecomAnswer = (problem: string | undefined): Answer =>
  problem
    ? { status: 200, body: { errcode: 40008, errmsg: problem } }
    : { status: 200, body: { errcode: 0, errmsg: 'ok' } };
export const feishuAnswer = (problem: string | undefined): Answer =>
  problem
    ? { status: 200, body: { code: 19021, msg: problem, data: {} } }
    : { status: 200, body: { code: 0, msg: 'success', data: {} } };

export async function startFakeRobots(secrets: { dingtalk: string; feishu: string }) {
  const dingtalk = await startHttpReceiver((r) => dingtalkAnswer(checkDingtalk(r, secrets.dingtalk)));
  const wecom = await startHttpReceiver((r) => wecomAnswer(checkWecom(r)));
  const feishu = await startHttpReceiver((r) => feishuAnswer(checkFeishu(r, secrets.feishu)));
  return {
    dingtalk,
    wecom,
    feishu,
    close: () => Promise.all([dingtalk.close(), wecom.close(), feishu.close()]),
  };
}

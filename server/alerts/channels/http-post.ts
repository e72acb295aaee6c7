// POSTs a JSON body to a channel's endpoint and classifies the answer (Telegraf's retryable-or-final habit):
// a network error, a timeout, 408, 429 and 5xx are retried; any other 4xx is final, reported with its body.
// `checkBody` lets a robot API say no inside a 200 (DingTalk/WeCom `errcode`, Feishu `code`).
import type { DeliveryResult } from '../outbox/notification';

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Reads a 2xx body: undefined when it is a success, else whether to retry and why. */
  checkBody?: (body: string) => { retry: boolean; error: string } | undefined;
}

const snippet = (s: string) => (s.length > 500 ? `${s.slice(0, 500)}…` : s);

export async function postJson(url: string, body: string, opts: PostOptions = {}): Promise<DeliveryResult> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...opts.headers },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    text = await res.text();
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return {
      ok: false,
      retry: true,
      error: `${(e as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
    };
  }
  if (res.ok) {
    const bad = opts.checkBody?.(text);
    return bad ? { ok: false, ...bad } : { ok: true };
  }
  const retry = res.status === 408 || res.status === 429 || res.status >= 500;
  return { ok: false, retry, error: `HTTP ${res.status}: ${snippet(text)}` };
}

/** For robot APIs answering `{ errcode, errmsg }` (DingTalk, WeCom): errcode 0 is success. */
export function errcodeCheck(retryCodes: readonly number[]) {
  return (body: string) => {
    let parsed: { errcode?: unknown; errmsg?: unknown };
    try {
      parsed = JSON.parse(body);
    } catch {
      return { retry: false, error: `not a JSON answer: ${snippet(body)}` };
    }
    if (parsed.errcode === 0) return undefined;
    return {
      retry: typeof parsed.errcode === 'number' && retryCodes.includes(parsed.errcode),
      error: `errcode ${String(parsed.errcode)}: ${String(parsed.errmsg ?? '')} (${snippet(body)})`,
    };
  };
}

// Test helper for the golden cases: replays recorded webhook calls through the real webhook handler and desk
// with a fake clock. One JSON object per line of `input`:
//   {"at": <ms>, "path": "/scans", "body": {…}}                      a JSON call
//   {"at": <ms>, "path": "/hikvision/anpr", "file": "push-1.http", "headers": {"content-type": "…"}}
//                                                                    a raw body kept in a file of the case
//   {"at": <ms>, "method": "GET", "path": "/iclock/cdata", "query": "SN=…", "text": "…"}   a raw text body
// with optional "status" (default 202 for the native and mapped endpoints, 200 for vendor presets) and
// "reply" (text the answer must contain).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PortEvent } from '../../../shared/events/event';
import { ProblemLog } from '../../common/runner/problem-log';
import { gateScanConfigSchema } from '../config';
import { GateDesk } from '../gate-desk';
import { gateWebhook } from '../webhook';

/** 2025-07-15 10:00:00 in Shanghai: time 0 of every script. */
export const SCRIPT_EPOCH = Date.UTC(2025, 6, 15, 2, 0, 0);

interface Call {
  at: number;
  method?: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: unknown;
  file?: string;
  text?: string;
  status?: number;
  reply?: string;
}

export interface ScriptRun {
  events: PortEvent[];
  /** Warnings the collector logged (device problems, clock skew, timeouts). */
  warnings: string[];
  stats: Record<string, number>;
}

export async function runWebhookScript(
  configJson: Record<string, unknown>,
  inputPath: string,
): Promise<ScriptRun> {
  const config = gateScanConfigSchema.parse({ listen: '127.0.0.1:0', ...configJson });
  let now = SCRIPT_EPOCH;
  const events: PortEvent[] = [];
  const warnings: string[] = [];
  const log = (_level: string, message: string) => warnings.push(message);
  const desk = new GateDesk({ config, now: () => now, emit: (e) => events.push(...e), log });
  const webhook = gateWebhook(config, desk, { problems: new ProblemLog(log, 100, 60_000, () => now) });
  const lines = readFileSync(inputPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  for (const line of lines) {
    const call = JSON.parse(line) as Call;
    now = SCRIPT_EPOCH + call.at;
    desk.tick();
    const raw =
      call.file !== undefined
        ? readFileSync(join(dirname(inputPath), call.file))
        : Buffer.from(call.text ?? (call.body === undefined ? '' : JSON.stringify(call.body)), 'utf8');
    const isRaw = webhook.isRaw(call.path);
    const reply = await webhook.handle({
      method: call.method ?? 'POST',
      path: call.path,
      headers: Object.fromEntries(Object.entries(call.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      body: isRaw || raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8')),
      raw,
      query: new URLSearchParams(call.query ?? ''),
      remoteAddress: '192.0.2.1',
    });
    const answer = reply.text ?? JSON.stringify(reply.body ?? '');
    if (reply.status !== (call.status ?? (isRaw ? 200 : 202)))
      throw new Error(`at ${call.at} ${call.path}: HTTP ${reply.status} ${answer}`);
    if (call.reply !== undefined && !answer.includes(call.reply))
      throw new Error(`at ${call.at} ${call.path}: the answer ${answer} lacks ${call.reply}`);
  }
  now += config.decisionTimeoutSeconds * 1000;
  desk.tick();
  return { events, warnings, stats: { ...desk.counters, ...webhook.counters } };
}

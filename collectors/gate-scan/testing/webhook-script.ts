// Test helper for the golden cases: replays recorded webhook calls (one JSON object per line:
// {"at": <ms>, "path": "/scans", "body": {…}}) through the real webhook handler and desk with a fake clock.
import { readFileSync } from 'node:fs';
import type { PortEvent } from '../../../shared/events/event';
import { gateScanConfigSchema } from '../config';
import { GateDesk } from '../gate-desk';
import { gateWebhook } from '../webhook';

/** 2025-07-15 10:00:00 in Shanghai: time 0 of every script. */
export const SCRIPT_EPOCH = Date.UTC(2025, 6, 15, 2, 0, 0);

export function runWebhookScript(configJson: Record<string, unknown>, inputPath: string): PortEvent[] {
  const config = gateScanConfigSchema.parse({ listen: '127.0.0.1:0', ...configJson });
  let now = SCRIPT_EPOCH;
  const events: PortEvent[] = [];
  const desk = new GateDesk({ config, now: () => now, emit: (e) => events.push(...e), log: () => {} });
  const handle = gateWebhook(config, desk);
  const lines = readFileSync(inputPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  for (const line of lines) {
    const call = JSON.parse(line) as { at: number; path: string; body: unknown; status?: number };
    now = SCRIPT_EPOCH + call.at;
    desk.tick();
    const reply = handle({ method: 'POST', path: call.path, headers: {}, body: call.body });
    if (reply.status !== (call.status ?? 202))
      throw new Error(`at ${call.at} ${call.path}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  now += config.decisionTimeoutSeconds * 1000;
  desk.tick();
  return events;
}

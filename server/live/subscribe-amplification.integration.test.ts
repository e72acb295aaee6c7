// A subscribe over a real socket to the real server is not an amplifier: the probe's 1 KB message naming one
// KPI channel 64 times gets one snapshot, and the snapshot bytes a client pulls are budgeted, the refusals
// answered `rate_limited` and counted in /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
const BUDGET = 1000;

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(
    testConfig(dir.path, { PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN: String(BUDGET) }),
    silentLogger,
  );
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

/**
 * Frames received after sending `messages`, up to the status that answers a ping sent right behind them (the
 * answer to the last message must not be empty, so a periodic status cannot end the wait early).
 */
async function answerTo(
  ws: WebSocket,
  ...messages: object[]
): Promise<{ frames: Buffer[]; types: string[] }> {
  const frames: Buffer[] = [];
  const types: string[] = [];
  const done = new Promise<void>((resolve) => {
    const onMessage = (data: Buffer) => {
      const m = JSON.parse(String(data)) as { type: string; id?: number };
      if (m.type === 'status' && frames.length > 0) {
        ws.off('message', onMessage);
        resolve();
        return;
      }
      if (m.type === 'status' || m.type === 'append') return; // the periodic stream, not the answer
      frames.push(data);
      types.push(m.type === 'error' ? `error:${(m as unknown as { code: string }).code}` : m.type);
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => {
      types.push(`closed:${code}`);
      resolve();
    });
  });
  for (const m of messages) ws.send(JSON.stringify(m));
  ws.send(JSON.stringify({ type: 'ping' }));
  await done;
  return { frames, types };
}

describe('live subscribe amplification', () => {
  it('answers 64 × the same channel with one snapshot, then budgets further snapshots', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
    await new Promise((r) => ws.once('message', r)); // hello
    const message = { type: 'subscribe', channels: Array.from({ length: 64 }, () => 'kpi/hgh-xiasha') };
    expect(Buffer.byteLength(JSON.stringify(message))).toBeGreaterThan(1000);
    const first = await answerTo(ws, message);
    expect(first.types).toEqual(['snapshot']);
    const snapshotBytes = first.frames[0]!.length;
    // Subscribing again changes nothing and costs nothing; that first snapshot spent the whole 1000-byte
    // budget, so the next one is refused, and counted.
    const refused = await answerTo(ws, message, { type: 'subscribe', channels: ['events/hgh-xiasha'] });
    expect(refused.types).toEqual(['error:rate_limited']);
    expect(String(refused.frames[0])).toMatch(/PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN/);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^portpulse_ws_snapshot_bytes_total ${snapshotBytes}$`, 'm'));
    expect(metrics).toMatch(/^portpulse_ws_snapshots_refused_total 1$/m);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});

// SIGTERM under a write load against the real server process: it exits 0 after closing live sockets with a
// reason, and after a restart every write that was answered 204 is in the log, exactly once.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventLog } from '../store/event-log';
import { spawnServer } from '../testing/server-process';
import { tempDir } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';

const scan = (id: string, t: number, lane: string) =>
  `gate_scan,site=hgh-xiasha,gate=g1,lane=${lane},direction=in,subject=vehicle,result=released,rural=false plate="${id}",badge="",processing_ms=4000i,parcels=10i ${t}`;

async function write(url: string, lines: string[]): Promise<number> {
  try {
    const res = await fetch(`${url}/api/v2/write?bucket=b&precision=ms`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // refused or reset: not acknowledged
  }
}

async function platesInLog(dataDir: string): Promise<string[]> {
  const log = await EventLog.open({ dir: join(dataDir, 'log'), segmentBytes: 64 << 20, fsync: false });
  const plates: string[] = [];
  for await (const { point } of log.readFrom(1)) plates.push(String(point.fields.plate?.value));
  await log.close();
  return plates;
}

describe('SIGTERM', () => {
  it('drains a write load and closes sockets with a reason; every 204 is in the log after a restart', {
    timeout: 240_000,
  }, async () => {
    const dir = tempDir();
    // Six writers flat out would trip the per-client rate limit; this test is about shutdown, not limits.
    const env = { PORTPULSE_DATA_DIR: dir.path, PORTPULSE_RATE_LIMIT_RPS: '0' };
    const server = await spawnServer(env);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
    await new Promise((r) => ws.once('message', r));
    const wsClosed = new Promise<[number, string]>((r) =>
      ws.once('close', (code, why) => r([code, String(why)])),
    );

    const acked = new Set<string>();
    const statuses = new Map<number, number>();
    const base = Date.now() - 60_000;
    let n = 0;
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (;;) {
        const ids = Array.from({ length: 50 }, () => `W${w}-${n++}`);
        const status = await write(
          server.url,
          ids.map((id, i) => scan(id, base + (n % 50_000), `l${w}${i % 3}`)),
        );
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 204) for (const id of ids) acked.add(id);
        else if (status === 0) return;
      }
    });
    // Stopped in the middle of the load once enough was acknowledged (waiting for the data, not for a time:
    // 1.5 s of writes could be fewer than 500 on a loaded machine).
    await waitFor('500 acknowledged events', () => acked.size > 500, { timeoutMs: 120_000 });
    const exitCode = await server.kill('SIGTERM');
    await Promise.all(writers);

    expect(exitCode).toBe(0);
    expect(await wsClosed).toEqual([1001, 'server shutting down']);
    expect(server.output()).toMatch(/received SIGTERM, shutting down/);
    expect(server.output()).toMatch(/portpulse stopped/);
    expect(acked.size).toBeGreaterThan(500);
    expect([...statuses.keys()].filter((s) => s !== 204 && s !== 503 && s !== 0)).toEqual([]);

    const restarted = await spawnServer(env);
    expect((await fetch(`${restarted.url}/ready`)).status).toBe(200);
    expect(await restarted.kill('SIGTERM')).toBe(0);
    const stored = await platesInLog(dir.path);
    expect(stored.length).toBe(new Set(stored).size); // nothing twice
    const present = new Set(stored);
    expect([...acked].filter((id) => !present.has(id))).toEqual([]); // every 204 is there
    dir.remove();
  });
});

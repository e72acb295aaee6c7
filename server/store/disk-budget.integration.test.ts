// The log's disk budget (PORTPULSE_LOG_MAX_BYTES) over real sockets: concurrent writes reserve their bytes at
// admission, so together they cannot overshoot it, and bytes are UTF-8 bytes, not string length.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { formatPoint } from '../../shared/line-protocol/format';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';

const BUDGET = 200_000;
let server: RunningServer | undefined;
let dir: ReturnType<typeof tempDir> | undefined;

afterEach(async () => {
  await server?.close();
  dir?.remove();
});

async function start(): Promise<RunningServer> {
  dir = tempDir();
  server = await startServer(testConfig(dir.path, { PORTPULSE_LOG_MAX_BYTES: String(BUDGET) }), silentLogger);
  return server;
}

/** Line protocol of `n` gate scans with Chinese plates (3 UTF-8 bytes per character, 1 UTF-16 unit). */
function body(writer: number, n: number, plate: string): string {
  const t0 = Date.now() - 60_000;
  return Array.from({ length: n }, (_, i) =>
    formatPoint(
      pointFromEvent(gateScan({ site: 'hgh-xiasha', time: t0 + i, plate: `${plate}${writer}-${i}` })),
      'ms',
    ),
  ).join('\n');
}

const logBytesOnDisk = (dataDir: string) =>
  readdirSync(join(dataDir, 'log')).reduce((n, f) => n + statSync(join(dataDir, 'log', f)).size, 0);

const write = (url: string, text: string) =>
  fetch(`${url}/write?db=x&precision=ms`, { method: 'POST', body: text }).then(async (r) => ({
    status: r.status,
    message: r.status === 204 ? '' : String(((await r.json()) as { message: string }).message),
  }));

describe('disk budget', () => {
  it('keeps ten concurrent ~55 KB writes within a 200,000-byte budget: some are stored, the rest get 503', async () => {
    const s = await start();
    const bodies = Array.from({ length: 10 }, (_, w) => body(w, 320, '浙A'));
    for (const b of bodies) expect(Buffer.byteLength(b)).toBeGreaterThan(50_000);
    const results = await Promise.all(bodies.map((b) => write(s.url, b)));
    const stored = results.filter((r) => r.status === 204).length;
    const refused = results.filter((r) => r.status === 503);
    expect(stored).toBeGreaterThan(0);
    expect(refused.length).toBe(10 - stored);
    for (const r of refused) expect(r.message).toMatch(/PORTPULSE_LOG_MAX_BYTES/);
    expect(s.log.lastSeq()).toBe(stored * 320);
    expect(s.log.sizeBytes).toBeLessThanOrEqual(BUDGET);
    expect(logBytesOnDisk(dir!.path)).toBe(s.log.sizeBytes);
    console.log(
      `disk budget: ${stored} of 10 concurrent writes stored, log ${s.log.sizeBytes} bytes of ${BUDGET}`,
    );
  });

  it('counts UTF-8 bytes: a write under the budget in characters but over it in bytes gets 503', async () => {
    const s = await start();
    // Plates of 24 Chinese characters (the schema allows 32): fewer characters than the budget, more bytes.
    const text = body(0, 840, '浙'.repeat(24));
    expect(text.length).toBeLessThan(BUDGET);
    expect(Buffer.byteLength(text)).toBeGreaterThan(BUDGET);
    const r = await write(s.url, text);
    expect(r.status).toBe(503);
    expect(s.log.sizeBytes).toBe(0);
  });
});

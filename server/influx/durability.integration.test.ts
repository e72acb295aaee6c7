// Nothing acknowledged is ever lost, proven against a real influxd and a real server process:
// kill -9 under load, InfluxDB outages, same-millisecond events, and replays.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Influxd, startInfluxd } from '../testing/influxd';
import { type ServerProcess, spawnServer } from '../testing/server-process';
import { tempDir } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';

let influx: Influxd;
beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(async () => {
  await influx?.stop();
});

const scan = (id: string, t: number, lane = 'l1') =>
  `gate_scan,site=hgh-xiasha,gate=g1,lane=${lane},direction=in,subject=vehicle,result=released,rural=false plate="${id}",badge="",processing_ms=4000i,parcels=10i ${t}`;

async function write(url: string, lines: string[]): Promise<number> {
  try {
    const res = await fetch(`${url}/api/v2/write?org=o&bucket=b&precision=ms`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    return res.status;
  } catch {
    return 0; // connection refused/reset: not acknowledged
  }
}

function waitForDrain(url: string) {
  let ready: { influx?: { lagEvents: number; connected: boolean } } | undefined;
  return waitFor(
    'the backlog to drain into InfluxDB',
    async () => {
      ready = await (await fetch(`${url}/ready`)).json();
      return ready?.influx?.lagEvents === 0 && ready.influx.connected ? ready : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 200, detail: () => ready },
  );
}

async function countPlates(db: string) {
  const total = await influx.scalar('SELECT count(processing_ms) FROM gate_scan', db);
  const distinct = await influx.scalar('SELECT count(DISTINCT plate) FROM gate_scan', db);
  return { total, distinct };
}

async function platesIn(db: string): Promise<Set<string>> {
  const r = await influx.query('SELECT plate FROM gate_scan', db);
  return new Set((r.results[0]?.series?.[0]?.values ?? []).map((v) => String(v[1])));
}

function env(dataDir: string, db: string): Record<string, string> {
  return {
    PORTPULSE_DATA_DIR: dataDir,
    PORTPULSE_INFLUX_URL: influx.url,
    PORTPULSE_INFLUX_DB: db,
    PORTPULSE_INFLUX_BATCH: '2000',
  };
}

describe('durability with InfluxDB as system of record', () => {
  it('keeps every acknowledged event exactly once across kill -9 in the middle of a write load', async () => {
    const dir = tempDir();
    const db = 'crash';
    let server: ServerProcess = await spawnServer(env(dir.path, db));
    const acked = new Set<string>();
    const base = Date.now() - 60_000;
    let n = 0;
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      while (!stop) {
        const ids = Array.from({ length: 50 }, () => `W${w}-${n++}`);
        const status = await write(
          server.url,
          ids.map((id, i) => scan(id, base + (n % 50_000), `l${w}${i % 3}`)),
        );
        if (status === 204) for (const id of ids) acked.add(id);
        if (status === 0) return;
      }
    });
    // Killed in the middle of the load once enough was acknowledged (waiting for the data, not for a time).
    await waitFor('500 acknowledged events', () => acked.size > 500, { timeoutMs: 120_000 });
    await server.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acked.size).toBeGreaterThan(500);

    server = await spawnServer(env(dir.path, db));
    await waitForDrain(server.url);
    const { total, distinct } = await countPlates(db);
    expect(total).toBe(distinct); // no event twice
    const stored = await platesIn(db);
    const missing = [...acked].filter((id) => !stored.has(id));
    expect(missing).toEqual([]); // every acknowledged event is there
    await server.kill();
    dir.remove();
  }, 150_000); // two server starts, a write load and a drain, on a box busy with the rest of the suite

  it('carries on through an InfluxDB outage and drains the backlog, oldest first, when it is back', async () => {
    const dir = tempDir();
    const db = 'outage';
    const server = await spawnServer(env(dir.path, db));
    const t = Date.now() - 30_000;
    expect(
      await write(
        server.url,
        Array.from({ length: 100 }, (_, i) => scan(`before-${i}`, t + i)),
      ),
    ).toBe(204);
    await waitForDrain(server.url);
    await influx.pause();
    for (let b = 0; b < 20; b++)
      expect(
        await write(
          server.url,
          Array.from({ length: 100 }, (_, i) => scan(`during-${b}-${i}`, t + 1000 + b * 100 + i)),
        ),
      ).toBe(204);
    const during = await fetch(`${server.url}/ready`).then((r) => r.json());
    expect(during.influx.lagEvents).toBe(2000);
    expect(during.checks.influxdb.detail).toMatch(/lag 2000 events/);
    await influx.start();
    await waitForDrain(server.url);
    const { total, distinct } = await countPlates(db);
    expect(total).toBe(2100);
    expect(distinct).toBe(2100);
    await server.kill();
    dir.remove();
  });

  it('keeps two different events with the same tags and millisecond, and stores a retried one once', async () => {
    const dir = tempDir();
    const db = 'samems';
    const server = await spawnServer(env(dir.path, db));
    const t = Date.now() - 5000;
    expect(await write(server.url, [scan('TWIN-A', t), scan('TWIN-B', t)])).toBe(204);
    expect(await write(server.url, [scan('TWIN-A', t)])).toBe(204); // a client retry of the first
    await waitForDrain(server.url);
    const { total, distinct } = await countPlates(db);
    expect(total).toBe(2);
    expect(distinct).toBe(2);
    await server.kill();
    dir.remove();
  });

  it('replaying the same log twice lands on the same points (no duplicates)', async () => {
    const dir = tempDir();
    const db = 'replay';
    let server = await spawnServer(env(dir.path, db));
    const t = Date.now() - 5000;
    expect(
      await write(
        server.url,
        Array.from({ length: 300 }, (_, i) => scan(`R${i}`, t + (i % 7))),
      ),
    ).toBe(204);
    await waitForDrain(server.url);
    await server.kill();
    rmSync(join(dir.path, 'influx', 'cursor.json')); // forget what was shipped: the whole log goes again
    server = await spawnServer(env(dir.path, db));
    await waitForDrain(server.url);
    const { total, distinct } = await countPlates(db);
    expect(total).toBe(300);
    expect(distinct).toBe(300);
    await server.kill();
    dir.remove();
  });

  it('answers 503 with Retry-After when the log disk budget is full, and keeps what it acknowledged', async () => {
    const dir = tempDir();
    const server = await spawnServer({ PORTPULSE_DATA_DIR: dir.path, PORTPULSE_LOG_MAX_BYTES: '20000' });
    const t = Date.now() - 5000;
    let status = 204;
    let acked = 0;
    for (let b = 0; b < 50 && status === 204; b++) {
      const res = await fetch(`${server.url}/api/v2/write?bucket=b&precision=ms`, {
        method: 'POST',
        body: Array.from({ length: 10 }, (_, i) => scan(`F${b}-${i}`, t + b * 10 + i)).join('\n'),
      });
      status = res.status;
      if (status === 204) acked += 10;
      else {
        expect(status).toBe(503);
        expect(res.headers.get('Retry-After')).toBeTruthy();
        expect((await res.json()).message).toMatch(/full/);
      }
    }
    expect(status).toBe(503);
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(503);
    await server.kill();
    dir.remove();
    expect(acked).toBeGreaterThan(0);
  });
});

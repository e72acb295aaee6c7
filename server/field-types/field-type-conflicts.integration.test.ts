// Extra fields keep one type per measurement, as InfluxDB does, against the real server and a real influxd:
// ingest refuses a line that gives a known field another type (400 naming line and field), learns InfluxDB's
// own types (SHOW FIELD KEYS), and a batch InfluxDB refuses in part (a partial write) dead-letters only the
// refused lines, re-sends the rest, and shows the dead letters in /ready and /metrics.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { formatPoint } from '../../shared/line-protocol/format';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { type Influxd, startInfluxd } from '../testing/influxd';
import { tempDir, testConfig } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';

const SITE = 'hgh-xiasha';
let influx: Influxd;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(async () => {
  await influx?.stop();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(env: Record<string, string> = {}, dir = tempDir()): Promise<RunningServer> {
  const server = await startServer(testConfig(dir.path, env), silentLogger);
  cleanups.push(
    () => dir.remove(),
    () => server.close(),
  );
  return server;
}

const influxEnv = (db: string) => ({
  PORTPULSE_INFLUX_URL: influx.url,
  PORTPULSE_INFLUX_DB: db,
  PORTPULSE_INFLUX_BACKFILL: 'off',
});

let n = 0;
/** A gate scan line with an extra `note` field (`note` as line protocol: `"text"` or `5i`). */
function scan(note: string, time = Date.now() - 60_000 + n): string {
  n++;
  const line = formatPoint(pointFromEvent(gateScan({ site: SITE, time, plate: `浙A${n}` })), 'ms');
  const [series, fields, ts] = line.split(' ');
  return `${series} ${fields},note=${note} ${ts}`;
}

async function write(server: RunningServer, lines: string[]) {
  const res = await fetch(`${server.url}/write?db=x&precision=ms`, {
    method: 'POST',
    body: lines.join('\n'),
  });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

const WAIT = { timeoutMs: 60_000, intervalMs: 100 };

const ready = async (server: RunningServer) => {
  const res = await fetch(`${server.url}/ready`);
  return { status: res.status, body: await res.json() };
};

const drained = (server: RunningServer) =>
  waitFor(
    'shipping to catch up',
    async () => {
      const r = (await ready(server)).body;
      return r.influx?.connected && r.influx.lagEvents === 0 ? r : undefined;
    },
    WAIT,
  );

describe('field types', () => {
  it('refuses a line giving a known extra field another type, naming line and field, also after a restart', async () => {
    const dir = tempDir();
    let server = await start({}, dir);
    expect((await write(server, [scan('"text"')])).status).toBe(204);
    const mixed = await write(server, [scan('"more text"'), scan('5i'), scan('"again"')]);
    expect(mixed.status).toBe(400);
    expect(mixed.body).toMatchObject({ accepted: 2, rejected: 1, line: 2, field: 'note' });
    expect(mixed.body.message).toMatch(
      'field type conflict: input field "note" on measurement "gate_scan" is type integer, already exists as type string',
    );
    expect(server.log.lastSeq()).toBe(3);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/portpulse_ingest_rejected_total\{reason="conflict"\} 1/);

    await server.close();
    cleanups.splice(0);
    server = await start({}, dir);
    expect((await write(server, [scan('7i')])).status).toBe(400);
    expect(server.log.lastSeq()).toBe(3);
  });

  it("learns InfluxDB's types, and dead-letters only the lines of a partial write InfluxDB refused", async () => {
    const db = 'partial';
    const server = await start(influxEnv(db));
    expect((await write(server, [scan('1i')])).status).toBe(204); // `note` is an integer in InfluxDB now
    await drained(server);
    // Another client writes `extra` as an integer straight into InfluxDB, after portpulse read its types.
    const direct = await fetch(`${influx.url}/write?db=${db}&precision=ms`, {
      method: 'POST',
      body: `gate_scan,site=${SITE} extra=5i ${Date.now() - 120_000}`,
    });
    expect(direct.status).toBe(204);
    // 100 lines, one of which gives `extra` another type: portpulse does not know `extra` yet and stores all.
    const batch = Array.from({ length: 100 }, (_, i) => scan(i === 36 ? '2i,extra="text"' : `${i}i`));
    expect((await write(server, batch)).status).toBe(204);

    const rejected = await waitFor(
      'the dead letters',
      async () => {
        const r = await ready(server);
        return r.body.checks.influxdb_rejected ? r : undefined;
      },
      WAIT,
    );
    expect(rejected.status).toBe(503);
    expect(rejected.body.checks.influxdb_rejected.detail).toMatch(/^1 lines refused by InfluxDB/);
    await drained(server);
    const dir = join(server.deps.config.dataDir, 'influx', 'rejected');
    const letters = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const lines = letters
      .join('')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([expect.stringContaining('extra="text"')]);
    expect(letters.join('')).toContain(
      'field type conflict: input field "extra" on measurement "gate_scan" is type string, already exists as type integer',
    );
    // InfluxDB holds the other 99 of the batch, the first line, and the other client's point.
    expect(await influx.scalar('SELECT count(processing_ms) FROM gate_scan', db)).toBe(100);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/portpulse_influx_rejected_lines 1/);
    expect(metrics).toMatch(/portpulse_influx_rejected_lines_total 1/);
    // Ingest has learned InfluxDB's type for `extra`.
    const again = await write(server, [scan('3i,extra="more"')]);
    expect(again.status).toBe(400);
    expect(again.body.field).toBe('extra');
  });
});

// Backfill on start against a real influxd: history written straight into InfluxDB (as Telegraf would) shows
// up in the indices and the live KPIs of a server started against it, counted exactly as if it had come
// through portpulse's own ingest; portpulse's own shipped events are never counted twice by the rebuild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { formatLines } from '../../shared/line-protocol/format';
import { type Influxd, startInfluxd } from '../testing/influxd';
import { type ServerProcess, spawnServer } from '../testing/server-process';
import { tempDir } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';

const SITE = 'hgh-xiasha';
const DB = 'backfill';
let influx: Influxd;
const servers: ServerProcess[] = [];
const dirs: { remove(): void }[] = [];
const dataDirs = new Map<ServerProcess, string>();
const dirOf = (s: ServerProcess) => dataDirs.get(s)!;

beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(async () => {
  for (const s of servers) await s.kill('SIGTERM');
  for (const d of dirs) d.remove();
  await influx?.stop();
});

const day = (iso: string) => Date.parse(`${iso}T00:00:00+08:00`);

/** A month of gate scans and weighings at one site, as a Telegraf-fed InfluxDB would hold them. */
function history(month: string, perDay: number, seed: number): PortEvent[] {
  const out: PortEvent[] = [];
  for (let d = 1; d <= 30; d++) {
    const t0 = day(`${month}-${String(d).padStart(2, '0')}`) + 8 * 3_600_000;
    for (let i = 0; i < perDay; i++) {
      const time = t0 + i * 61_000;
      out.push(
        gateScan({
          site: SITE,
          time,
          plate: `浙A${seed}${d}${i}`,
          parcels: 50 + ((d * 7 + i * 13 + seed) % 90),
          rural: (d + i) % 3 === 0,
          processing_ms: 3000 + ((i * 997) % 9000),
        }),
      );
      if (i % 4 === 0)
        out.push(
          weighbridgeReading({
            site: SITE,
            time: time + 30_000,
            plate: `浙A${seed}${d}${i}`,
            gross_kg: 30_000 + i * 10,
            tare_kg: 14_000,
            net_kg: 16_000 + i * 10,
            axles: 5,
            rated_payload_kg: 30_000,
          }),
        );
    }
  }
  return out;
}

const lines = (events: PortEvent[], extraTags: Record<string, string> = {}) =>
  formatLines(
    events.map((e) => {
      const p = pointFromEvent(e);
      Object.assign(p.tags, extraTags);
      return p;
    }),
    'ms',
  );

async function writeInflux(body: string) {
  const res = await fetch(`${influx.url}/write?db=${DB}&precision=ms`, { method: 'POST', body });
  if (res.status !== 204) throw new Error(`influxd write ${res.status}: ${await res.text()}`);
}

async function writePortpulse(url: string, body: string) {
  const res = await fetch(`${url}/write?db=x&precision=ms`, { method: 'POST', body });
  expect(res.status, await res.text()).toBe(204);
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const dir = tempDir();
  dirs.push(dir);
  const s = await spawnServer({ PORTPULSE_DATA_DIR: dir.path, PORTPULSE_RATE_LIMIT_RPS: '0', ...env });
  servers.push(s);
  dataDirs.set(s, dir.path);
  return s;
}

function ready(url: string, until: (r: ReadyJson) => boolean): Promise<ReadyJson> {
  let r: ReadyJson | undefined;
  return waitFor(
    `/ready to show ${until.name}`,
    async () => {
      r = (await (await fetch(`${url}/ready`)).json()) as ReadyJson;
      return until(r) ? r : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200, detail: () => r },
  );
}
interface ReadyJson {
  checks: Record<string, { ok: boolean; detail: string }>;
  influx?: { lagEvents: number; connected: boolean };
}
const backfillDone = (r: ReadyJson) => /^(done|not needed)/.test(r.checks.backfill?.detail ?? '');
const drained = (r: ReadyJson) => backfillDone(r) && r.influx?.lagEvents === 0 && r.influx.connected;

async function indices(url: string, month: string) {
  const res = await fetch(`${url}/api/indices?month=${month}&site=${SITE}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { indices: unknown }).indices;
}

async function liveKpis(url: string) {
  return (
    (await fetch(`${url}/api/kpis/live?site=${SITE}`).then((r) => r.json())) as {
      kpis: Record<string, number | null>;
    }
  ).kpis;
}

describe('backfill from an InfluxDB that already holds history', () => {
  it('rebuilds indices and live KPIs from it, and counts portpulse’s own shipped events once', async () => {
    const now = Date.now();
    const telegraf = [...history('2026-08', 12, 1), ...history('2026-09', 10, 2)];
    // The last minutes of gate traffic, for the live KPIs (15-minute processing window).
    const recent = Array.from({ length: 20 }, (_, i) =>
      gateScan({ site: SITE, time: now - 600_000 + i * 20_000, plate: `浙B${i}`, processing_ms: 7000 }),
    );
    await influx.query(`CREATE DATABASE ${DB}`);
    await writeInflux(lines([...telegraf, ...recent], { host: 'telegraf-1' }));
    // A row that is not a valid event (no processing_ms): counted and reported, never guessed at.
    await writeInflux(
      `gate_scan,site=${SITE},gate=g9,lane=l1,direction=in,subject=vehicle,result=released,rural=false plate="X",badge="",parcels=5i ${day('2026-09-03')}`,
    );

    // The reference: the same events through portpulse's own ingest on the embedded store.
    const reference = await start({});
    await writePortpulse(reference.url, lines([...telegraf, ...recent]));

    // A portpulse with InfluxDB as system of record, started against that history.
    const env = {
      PORTPULSE_INFLUX_URL: influx.url,
      PORTPULSE_INFLUX_DB: DB,
      PORTPULSE_INFLUX_BACKFILL_CHUNK_HOURS: '72',
    };
    const a = await start(env);
    const r = await ready(a.url, backfillDone);
    expect(r.checks.backfill!.detail).toMatch(/^done: \d+ events from InfluxDB/);
    expect(a.output()).toMatch(/"msg":"backfill: done"/);
    expect(a.output()).toMatch(/"skipped":1,.*not valid portpulse events were left out/);
    for (const month of ['2026-08', '2026-09'])
      expect(await indices(a.url, month), month).toEqual(await indices(reference.url, month));
    // The live KPIs read the recent history as the reference counted it live (p50 near the 7 s written).
    const [live, live0] = [await liveKpis(a.url), await liveKpis(reference.url)];
    expect(live.processing_p50_ms).toBeGreaterThan(6000);
    for (const k of ['processing_p50_ms', 'processing_p95_ms', 'sla_share'])
      expect(live[k], k).toBe(live0[k]);

    // portpulse's own events for October, through the server, shipped to InfluxDB.
    const own = history('2026-10', 8, 3);
    await writePortpulse(a.url, lines(own));
    await writePortpulse(reference.url, lines(own));
    await ready(a.url, drained);
    expect(await indices(a.url, '2026-10')).toEqual(await indices(reference.url, '2026-10'));

    // A restart that rebuilds again: InfluxDB now holds the October events too, and the log holds them as
    // shipped; the rebuild must count them once.
    expect(await a.kill('SIGTERM')).toBe(0);
    const again = await spawnServer({
      ...env,
      PORTPULSE_DATA_DIR: dirOf(a),
      PORTPULSE_INFLUX_BACKFILL: 'always',
    });
    servers.push(again);
    await ready(again.url, backfillDone);
    for (const month of ['2026-08', '2026-09', '2026-10'])
      expect(await indices(again.url, month), month).toEqual(await indices(reference.url, month));

    // A plain restart (auto mode) does not read InfluxDB again: the rollups remember they were rebuilt from it.
    expect(await again.kill('SIGTERM')).toBe(0);
    const third = await spawnServer({ ...env, PORTPULSE_DATA_DIR: dirOf(a) });
    servers.push(third);
    const r3 = await ready(third.url, backfillDone);
    expect(r3.checks.backfill!.detail).toMatch(/^not needed: rebuilt from/);
    expect(await indices(third.url, '2026-10')).toEqual(await indices(reference.url, '2026-10'));

    // A new server (empty data dir) against the same InfluxDB sees all of it.
    const fresh = await start(env);
    await ready(fresh.url, backfillDone);
    for (const month of ['2026-08', '2026-09', '2026-10'])
      expect(await indices(fresh.url, month), month).toEqual(await indices(reference.url, month));
  }, 180_000);

  it('treats a database that does not exist yet as empty history and ships as usual', async () => {
    const s = await start({ PORTPULSE_INFLUX_URL: influx.url, PORTPULSE_INFLUX_DB: 'brand_new' });
    const r = await ready(s.url, backfillDone);
    expect(r.checks.backfill!.detail).toMatch(/^not needed: .*holds no database yet/);
    await writePortpulse(s.url, lines([gateScan({ site: SITE, time: Date.now() - 1000 })]));
    await ready(s.url, drained);
    expect(await influx.scalar('SELECT count(processing_ms) FROM gate_scan', 'brand_new')).toBe(1);
  }, 60_000);
});

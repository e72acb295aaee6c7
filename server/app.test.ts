// The HTTP API exercised through app.request() on real parts (real log in a temp dir), no socket.
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { silentLogger } from './logger';
import { createServerParts, type ServerParts } from './start-server';
import { tempDir, testConfig } from './testing/test-config';

let dir: ReturnType<typeof tempDir>;
let parts: ServerParts;
let app: ReturnType<typeof createApp>;

async function setup(env: Record<string, string> = {}) {
  dir = tempDir();
  parts = await createServerParts(testConfig(dir.path, env), silentLogger);
  app = createApp(parts.deps);
}
beforeEach(() => setup());
afterEach(async () => {
  await parts.identity.close();
  await parts.fieldTypes.close();
  await parts.log.close();
  dir.remove();
});

const now = () => Date.now() - 1000;
let plates = 0;
/** A valid gate scan; each call is a distinct truck (identical lines would be one point, as in InfluxDB). */
const scanLine = (t = now(), extra = '') =>
  `gate_scan,site=hgh-xiasha,gate=g1,lane=l1,direction=in,subject=vehicle,result=released,rural=false${extra} plate="浙A${plates++}",badge="",processing_ms=4200i,parcels=120i ${t}`;
const write = (
  body: string | Uint8Array,
  query = 'org=o&bucket=b&precision=ms',
  headers: Record<string, string> = {},
) => app.request(`/api/v2/write?${query}`, { method: 'POST', body: body as BodyInit, headers });

describe('POST /api/v2/write', () => {
  it('stores valid line protocol, answers 204, and the live KPIs see it', async () => {
    const res = await write(`${scanLine()}\n${scanLine()}\n`);
    expect(res.status).toBe(204);
    expect(parts.log.lastSeq()).toBe(2);
    const kpis = await (await app.request('/api/kpis/live?site=hgh-xiasha')).json();
    expect(kpis.kpis.vehicles_in_per_min).toBe(2);
  });

  it('keeps the valid lines of a partly bad batch and names the first bad line, column and reason', async () => {
    const body = [
      scanLine(),
      'gate_scan,site=hgh-xiasha processing_ms=abc',
      scanLine(),
      'cpu,host=a usage=1 1',
    ].join('\n');
    const res = await write(body);
    expect(res.status).toBe(400);
    const err = await res.json();
    expect(err.code).toBe('invalid');
    expect(err.line).toBe(2);
    expect(err.column).toBeGreaterThan(0);
    expect(err.accepted).toBe(2);
    expect(err.rejected).toBe(2);
    expect(err.message).toMatch(/line 2/);
    expect(err.errors[1].message).toMatch(/unknown measurement "cpu"/);
    expect(err.requestId).toBeTruthy();
    expect(parts.log.lastSeq()).toBe(2);
  });

  it('names the field whose type is wrong', async () => {
    const res = await write(scanLine().replace('processing_ms=4200i', 'processing_ms=4200.5'));
    const err = await res.json();
    expect(res.status).toBe(400);
    expect(err.field).toBe('processing_ms');
    expect(err.message).toMatch(/processing_ms must be an integer/);
  });

  it('names a missing required field and a bad tag value', async () => {
    const missing = await (await write(scanLine().replace(',parcels=120i', ''))).json();
    expect(missing.field).toBe('parcels');
    expect(missing.message).toMatch(/parcels: missing/);
    const badTag = await (await write(scanLine().replace('direction=in', 'direction=sideways'))).json();
    expect(badTag.field).toBe('direction');
  });

  it('rejects timestamps in the far future or with the wrong precision', async () => {
    const future = await (await write(scanLine(Date.now() + 3_600_000))).json();
    expect(future.message).toMatch(/in the future/);
    const seconds = await (await write(scanLine(Math.floor(Date.now() / 1000)))).json();
    expect(seconds.message).toMatch(/before 2000-01-01: wrong precision/);
  });

  it('accepts every precision the v2 API knows and rejects others', async () => {
    const t = now();
    expect((await write(scanLine(Math.floor(t / 1000)), 'bucket=b&precision=s')).status).toBe(204);
    expect((await write(scanLine(t * 1000), 'bucket=b&precision=us')).status).toBe(204);
    expect((await write(`${scanLine(t)}000000`, 'bucket=b')).status).toBe(204);
    const bad = await write(scanLine(t), 'bucket=b&precision=h');
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/precision "h"/);
  });

  it('requires a bucket, like InfluxDB', async () => {
    const res = await write(scanLine(), 'org=o');
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/bucket is required/);
  });

  it('accepts gzip bodies', async () => {
    const res = await write(gzipSync(Buffer.from(scanLine())), 'bucket=b&precision=ms', {
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(204);
  });

  it('rejects bodies that are not UTF-8 or not decodable gzip', async () => {
    expect((await write(new Uint8Array([0xff, 0xfe, 0x41]))).status).toBe(400);
    const res = await write(new Uint8Array([1, 2, 3]), 'bucket=b', { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/gzip/);
    expect((await write('x', 'bucket=b', { 'Content-Encoding': 'br' })).status).toBe(415);
  });
});

describe('limits', () => {
  beforeEach(async () => {
    await parts.log.close();
    dir.remove();
    await setup({ PORTPULSE_MAX_BODY_BYTES: '2048', PORTPULSE_MAX_LINES: '3' });
  });

  it('answers 413 to a body over the limit', async () => {
    const res = await write(Array.from({ length: 20 }, () => scanLine()).join('\n'));
    expect(res.status).toBe(413);
    expect(res.headers.get('Connection')).toBe('close');
    expect((await res.json()).message).toMatch(/PORTPULSE_MAX_BODY_BYTES/);
    expect(parts.log.lastSeq()).toBe(0);
  });

  it('answers 413 to a gzip body that inflates past the limit (gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 'a'));
    expect(bomb.length).toBeLessThan(2048 * 64);
    const small = await setupBombLimit(bomb);
    expect(small.status).toBe(413);
    expect((await small.json()).message).toMatch(/decompressed body/);
  });

  it('answers 413 to more JSON events than allowed', async () => {
    const res = await app.request('/api/events', { method: 'POST', body: JSON.stringify([1, 2, 3, 4]) });
    expect(res.status).toBe(413);
  });
});

describe('store errors, mapped at the edge', () => {
  it('answers 503 + Retry-After when the log is full, naming the variable that sets the budget', async () => {
    await parts.log.close();
    dir.remove();
    await setup({ PORTPULSE_LOG_MAX_BYTES: '100' });
    const res = await write(scanLine());
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('30');
    expect(await res.json()).toMatchObject({ code: 'unavailable', message: /full.*PORTPULSE_LOG_MAX_BYTES/ });
  });

  it('answers 503 + Retry-After once the log is closed (shutting down)', async () => {
    await parts.log.close();
    const res = await write(scanLine());
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(await res.json()).toMatchObject({ code: 'unavailable', message: 'server is shutting down' });
  });
});

async function setupBombLimit(bomb: Buffer) {
  await parts.log.close();
  dir.remove();
  await setup({ PORTPULSE_MAX_BODY_BYTES: String(256 * 1024) });
  return write(bomb, 'bucket=b', { 'Content-Encoding': 'gzip' });
}

describe('POST /write (InfluxDB 1.x)', () => {
  it('accepts line protocol with db and 1.x precisions', async () => {
    const res = await app.request(`/write?db=portpulse&precision=ms`, { method: 'POST', body: scanLine() });
    expect(res.status).toBe(204);
    const u = await app.request(`/write?db=portpulse&precision=u`, {
      method: 'POST',
      body: scanLine(now() * 1000),
    });
    expect(u.status).toBe(204);
  });
  it('requires db', async () => {
    const res = await app.request('/write', { method: 'POST', body: scanLine() });
    expect((await res.json()).message).toMatch(/database is required/);
  });
});

describe('POST /api/events', () => {
  const event = () => ({
    measurement: 'weighbridge',
    time: now(),
    site: 'yiwu-customs',
    bridge: 'wb1',
    direction: 'in',
    plate: `浙G${plates++}`,
    axles: 3,
    gross_kg: 26000,
    tare_kg: 9000,
    net_kg: 17000,
    rated_payload_kg: 16000,
    stable: true,
  });

  it('stores valid events', async () => {
    const res = await app.request('/api/events', {
      method: 'POST',
      body: JSON.stringify([event(), event()]),
    });
    expect(res.status).toBe(204);
    const kpis = await (await app.request('/api/kpis/live?site=yiwu-customs')).json();
    expect(kpis.kpis.overweight_24h).toBe(2);
  });

  it('names the event and field that are wrong', async () => {
    const res = await app.request('/api/events', {
      method: 'POST',
      body: JSON.stringify([event(), { ...event(), net_kg: 1 }, { ...event(), axles: 'three' }]),
    });
    const err = await res.json();
    expect(res.status).toBe(400);
    expect(err.line).toBe(2);
    expect(err.field).toBe('net_kg');
    expect(err.message).toMatch(/event #2: net_kg/);
    expect(err.accepted).toBe(1);
    expect(err.errors[1].message).toMatch(/axles/);
  });

  it('rejects device text with line breaks (it could not be stored as one line)', async () => {
    const res = await app.request('/api/events', {
      method: 'POST',
      body: JSON.stringify([{ ...event(), plate: '浙G\n12345' }]),
    });
    expect(res.status).toBe(400);
    const err = await res.json();
    expect(err.field).toBe('plate');
    expect(err.message).toMatch(/control characters/);
  });

  it('rejects bad JSON and non-arrays with a clear message', async () => {
    const bad = await app.request('/api/events', { method: 'POST', body: '[{"measurement":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/not valid JSON/);
    const obj = await app.request('/api/events', { method: 'POST', body: '{}' });
    expect((await obj.json()).message).toMatch(/JSON array/);
  });
});

describe('same series, same millisecond', () => {
  it('stores two different events once each and a repeated (retried) event once', async () => {
    const t = now();
    const a = scanLine(t);
    const b = scanLine(t);
    expect((await write(`${a}\n${b}`)).status).toBe(204);
    expect((await write(a)).status).toBe(204);
    expect(parts.log.lastSeq()).toBe(2);
    expect(parts.ingest.counters.duplicates).toBe(1);
    const stored = [];
    for await (const p of parts.log.readRange(t, t + 1)) stored.push(p.point.timestamp);
    expect(stored).toEqual([BigInt(t) * 1_000_000n, BigInt(t) * 1_000_000n + 1n]);
  });
});

describe('other endpoints', () => {
  it('answers /ping like InfluxDB, /health and /ready', async () => {
    const ping = await app.request('/ping');
    expect(ping.status).toBe(204);
    expect(ping.headers.get('X-Influxdb-Version')).toMatch(/portpulse/);
    expect((await app.request('/health')).status).toBe(200);
    expect((await (await app.request('/ready')).json()).ready).toBe(true);
  });
  it('lists sites with their regions', async () => {
    const { sites } = await (await app.request('/api/sites')).json();
    expect(new Set(sites.map((s: { region: string }) => s.region))).toEqual(
      new Set(['east', 'central', 'west', 'northeast']),
    );
  });
  it('answers unknown API paths and unknown sites with a JSON 404', async () => {
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('not_found');
    expect((await app.request('/api/kpis/live?site=nowhere')).status).toBe(404);
  });
});

// /metrics, /health and /ready over real sockets against the real server shipping to a real influxd:
// ingest rates, rejected lines by reason, log size and fsync latency, InfluxDB lag, live clients, request
// latency by route, and process metrics, in Prometheus text format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { scanLine } from '../testing/auth-fixture';
import { type Influxd, startInfluxd } from '../testing/influxd';
import { tempDir, testConfig } from '../testing/test-config';

let influx: Influxd;
let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  influx = await startInfluxd();
  dir = tempDir();
  const env = {
    PORTPULSE_INFLUX_URL: influx.url,
    PORTPULSE_INFLUX_DB: 'metrics',
    PORTPULSE_MAX_TAGS: '8',
    PORTPULSE_READY_MAX_LAG_SECONDS: '2',
  };
  server = await startServer(testConfig(dir.path, env), silentLogger);
});
afterAll(async () => {
  await server?.close();
  dir?.remove();
  await influx?.stop();
});

const scrape = async () => {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};
/** The value of one sample, e.g. value(text, 'portpulse_ingest_rejected_total{reason="syntax"}'). */
const value = (text: string, sample: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
};

describe('GET /metrics', () => {
  it('counts accepted and rejected lines by reason, the log, fsyncs, live clients and request latency', async () => {
    const body = [
      scanLine(),
      scanLine(),
      scanLine(),
      'gate_scan,site=x processing_ms=', // syntax
      'cpu,host=a usage=1', // schema: unknown measurement
      scanLine(Date.now() + 3_600_000), // future
      scanLine(undefined, ',a=1,b=2'), // limit: 9 tags
    ].join('\n');
    const res = await fetch(`${server.url}/api/v2/write?bucket=b&precision=ms`, { method: 'POST', body });
    expect(res.status).toBe(400);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
    await new Promise((r) => ws.once('message', r));

    const text = await scrape();
    expect(value(text, 'portpulse_ingest_accepted_total')).toBe(3);
    expect(value(text, 'portpulse_ingest_requests_total')).toBe(1);
    for (const reason of ['syntax', 'schema', 'future', 'limit'])
      expect(value(text, `portpulse_ingest_rejected_total{reason="${reason}"}`), reason).toBe(1);
    expect(value(text, 'portpulse_log_events')).toBe(3);
    expect(value(text, 'portpulse_log_size_bytes')).toBeGreaterThan(100);
    expect(value(text, 'portpulse_log_fsync_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'portpulse_ws_clients')).toBe(1);
    expect(value(text, 'portpulse_ws_slow_consumers_cut_total')).toBe(0);
    const latency =
      'portpulse_http_request_duration_seconds_count{method="POST",route="/api/v2/write",status="400"}';
    expect(value(text, latency)).toBe(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    ws.close();
  });

  it('reports the InfluxDB lag, which drains to 0 once shipped', async () => {
    await expect
      .poll(async () => value(await scrape(), 'portpulse_influx_lag_events'), { timeout: 20_000 })
      .toBe(0);
    const text = await scrape();
    expect(value(text, 'portpulse_influx_connected')).toBe(1);
    expect(value(text, 'portpulse_influx_lag_seconds')).toBe(0);
    expect(await influx.scalar('SELECT count(parcels) FROM gate_scan', 'metrics')).toBe(3);
  });
});

describe('GET /health and /ready', () => {
  it('says alive and ready, with the log, InfluxDB and backfill checks', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ status: 'pass' });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body.ready).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(['accepting', 'backfill', 'influxdb', 'log']);
    expect(body.checks.influxdb.detail).toMatch(/connected/);
    expect(body.checks.backfill.detail).toMatch(/^(done|not needed): /);
  });

  it('is not ready, with the reason, while InfluxDB is down and the lag passes the bound; ready again after', async () => {
    await influx.pause();
    const ready = async () => {
      const res = await fetch(`${server.url}/ready`);
      return { status: res.status, body: await res.json() };
    };
    try {
      await fetch(`${server.url}/api/v2/write?bucket=b&precision=ms`, { method: 'POST', body: scanLine() });
      await expect.poll(async () => (await ready()).status, { timeout: 20_000 }).toBe(503);
      const { body } = await ready();
      expect(body.ready).toBe(false);
      expect(body.checks.log.ok).toBe(true);
      expect(body.checks.influxdb).toMatchObject({ ok: false, detail: /unreachable.*lag 1 events/ });
      expect(value(await scrape(), 'portpulse_influx_connected')).toBe(0);
    } finally {
      await influx.start();
    }
    await expect.poll(async () => (await ready()).status, { timeout: 30_000 }).toBe(200);
  });
});

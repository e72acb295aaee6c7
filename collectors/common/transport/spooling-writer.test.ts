// The spooling writer against a real HTTP endpoint: nothing lost and order kept while the server fails or
// is gone, leftovers sent first by the next run, rejected batches set aside, and backpressure.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortEvent } from '../../../shared/events/event';
import { type RecordingServer, type Reply, startRecordingServer, waitFor } from '../testing/recording-server';
import { SpoolingWriter } from './spooling-writer';

const t0 = Date.UTC(2025, 6, 15, 2);
const scan = (i: number): PortEvent => ({
  measurement: 'gate_scan',
  time: t0 + i,
  site: 'yiwu-customs',
  gate: 'G1',
  lane: 'L1',
  direction: 'in',
  subject: 'vehicle',
  result: 'released',
  rural: false,
  plate: `浙A·${String(i).padStart(5, '0')}`,
  badge: '',
  processing_ms: 4000,
  parcels: i,
});
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => scan(from + i));
/** The parcels of the lines the server accepted (the status of request i is statuses[i]), in order. */
let statuses: number[] = [];
const parcelsOf = (s: RecordingServer) =>
  s.requests
    .filter((_, i) => statuses[i] === 204)
    .flatMap((r) => r.body.trim().split('\n'))
    .map((l) => Number(/parcels=(\d+)i/.exec(l)![1]));

let server: RecordingServer | undefined;
let writer: SpoolingWriter | undefined;
afterEach(async () => {
  await writer?.close();
  await server?.close();
  writer = server = undefined;
});

async function serve(respond: (i: number) => Reply) {
  statuses = [];
  server = await startRecordingServer((_req, i) => {
    const reply = respond(i);
    statuses[i] = reply.status;
    return reply;
  });
  return server;
}
const newWriter = (url: string, spoolDir: string, extra = {}) =>
  new SpoolingWriter({
    url,
    spoolDir,
    batchSize: 25,
    flushIntervalMs: 10,
    minRetryDelayMs: 20,
    maxRetryDelayMs: 60,
    fsync: false,
    closeTimeoutMs: 300,
    log: () => {},
    ...extra,
  });

describe('SpoolingWriter', () => {
  it('keeps every event, in order, through a run of 503s', async () => {
    const s = await serve((i) =>
      i >= 1 && i < 6 ? { status: 503, body: '{"code":"unavailable","message":"busy"}' } : { status: 204 },
    );
    writer = newWriter(s.url, mkdtempSync(join(tmpdir(), 'pp-sw-')));
    for (let i = 0; i < 4; i++) writer.write(range(i * 30, 30));
    await waitFor(
      () => writer!.stats().pending === 0 && writer!.stats().written === 120,
      'everything delivered',
    );
    expect(parcelsOf(s)).toEqual(range(0, 120).map((e) => ('parcels' in e ? e.parcels : -1)));
    expect(writer.stats()).toMatchObject({ spooled: 120, written: 120, failed: 0, serverUp: true });
    expect(writer.stats().retries).toBeGreaterThanOrEqual(5);
  });

  it('leaves undelivered lines in the spool and sends them first at the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-sw-'));
    writer = newWriter('http://127.0.0.1:9', dir);
    writer.write(range(0, 40));
    await waitFor(() => writer!.stats().serverUp === false, 'the failure');
    await writer.close();
    expect(writer.stats().pending).toBe(40);
    const s = await serve(() => ({ status: 204 }));
    writer = newWriter(s.url, dir);
    writer.write(range(40, 10));
    await waitFor(() => writer!.stats().pending === 0, 'the leftovers and the new lines');
    expect(parcelsOf(s)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('sets a rejected batch aside in rejected.lp and goes on', async () => {
    const s = await serve((i) =>
      i === 0 ? { status: 400, body: '{"code":"invalid","message":"line 1: no"}' } : { status: 204 },
    );
    const dir = mkdtempSync(join(tmpdir(), 'pp-sw-'));
    writer = newWriter(s.url, dir);
    writer.write(range(0, 25));
    writer.write(range(25, 5));
    await waitFor(() => writer!.stats().pending === 0, 'both batches handled');
    expect(writer.stats()).toMatchObject({ failed: 25, written: 5 });
    expect(existsSync(join(dir, 'rejected.lp'))).toBe(true);
    expect(readFileSync(join(dir, 'rejected.lp'), 'utf8')).toMatch(/^# .*\(HTTP 400.*\ngate_scan,/);
  });

  it('pushes back once more than highWaterLines wait', async () => {
    const s = await serve((i) => (i < 3 ? { status: 503 } : { status: 204 }));
    writer = newWriter(s.url, mkdtempSync(join(tmpdir(), 'pp-sw-')), { highWaterLines: 30 });
    expect(writer.write(range(0, 20))).toBeUndefined();
    const wait = writer.write(range(20, 20));
    expect(wait).toBeInstanceOf(Promise);
    await wait;
    expect(writer.stats().pending).toBeLessThanOrEqual(30);
  });
});

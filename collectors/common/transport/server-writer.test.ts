// The server writer against a real HTTP server: the body is our codec's line protocol, 5xx is retried,
// 4xx is reported once with its status and body, and a partial write counts the stored lines as written.
import { afterEach, describe, expect, it } from 'vitest';
import type { PortEvent } from '../../../shared/events/event';
import { eventFromPoint } from '../../../shared/events/point-conversion';
import { parseLineProtocol } from '../../../shared/line-protocol/index';
import type { LogLevel } from '../../../shared/logger';
import { type RecordingServer, startRecordingServer, waitFor } from '../testing/recording-server';
import { ServerWriter } from './server-writer';

const t0 = Date.UTC(2025, 6, 15, 2, 0, 0);
const events: PortEvent[] = [
  {
    measurement: 'gate_scan',
    time: t0,
    site: 'yiwu-customs',
    gate: 'G1',
    lane: 'L2',
    direction: 'in',
    subject: 'vehicle',
    result: 'released',
    rural: true,
    plate: '浙G·3K512',
    badge: '',
    processing_ms: 4380,
    parcels: 412,
  },
  {
    measurement: 'weighbridge',
    time: t0 - 1200,
    site: 'yiwu-customs',
    bridge: 'G1-L2',
    direction: 'in',
    plate: '浙G·3K512',
    axles: 6,
    gross_kg: 41_230,
    tare_kg: 16_800,
    net_kg: 24_430,
    rated_payload_kg: 31_500,
    stable: true,
  },
  {
    measurement: 'flight_departure',
    time: t0 + 7 * 60_000,
    site: 'can-baiyun',
    airport: 'CAN',
    carrier: 'CK',
    destination: 'FRA',
    flight_no: 'CK221',
    sobt: t0,
    aobt: t0 + 7 * 60_000,
    cargo_kg: 91_840,
    capacity_kg: 112_000,
    parcels: 65_600,
  },
];

let server: RecordingServer | undefined;
let writer: ServerWriter | undefined;
afterEach(async () => {
  await writer?.close();
  await server?.close();
  writer = server = undefined;
});

function newWriter(url: string, logs: string[]): ServerWriter {
  return new ServerWriter({
    url,
    minRetryDelayMs: 20,
    maxRetryDelayMs: 50,
    maxRetries: 3,
    closeTimeoutMs: 1000,
    log: (level: LogLevel, message: string) => logs.push(`${level}: ${message}`),
  });
}

describe('ServerWriter', () => {
  it('posts the shared codec line protocol to /api/v2/write with ms precision', async () => {
    server = await startRecordingServer();
    writer = newWriter(server.url, []);
    writer.write(events);
    await writer.flush();
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    const url = new URL(req.url, server.url);
    expect(url.pathname).toBe('/api/v2/write');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      org: 'portpulse',
      bucket: 'portpulse',
      precision: 'ms',
    });
    const { lines, errors } = parseLineProtocol(req.body, { precision: 'ms' });
    expect(errors).toEqual([]);
    const back = lines.map((l) => eventFromPoint(l.point, 0));
    expect(back).toEqual(events.map((event) => ({ ok: true, event })));
    expect(writer.counters).toEqual({ written: 3, failed: 0, retries: 0 });
  });

  it('retries a 500 and then counts the lines as written', async () => {
    server = await startRecordingServer((_req, i) =>
      i === 0 ? { status: 500, body: '{"code":"internal","message":"disk hiccup"}' } : { status: 204 },
    );
    const logs: string[] = [];
    writer = newWriter(server.url, logs);
    writer.write(events);
    await writer.flush();
    await waitFor(() => writer!.counters.written === 3, 'the retry to succeed');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    expect(writer.counters).toEqual({ written: 3, failed: 0, retries: 1 });
    expect(logs.join('\n')).toMatch(/warn: write of 3 lines failed \(HTTP 500.*retrying.*disk hiccup/);
  });

  it('reports a 400 with its status and body and does not retry it', async () => {
    const body = JSON.stringify({
      code: 'invalid',
      message: 'line 2: plate: plate is required',
      rejected: 3,
    });
    server = await startRecordingServer(() => ({ status: 400, body }));
    const logs: string[] = [];
    writer = newWriter(server.url, logs);
    writer.write(events);
    await writer.flush();
    await new Promise((r) => setTimeout(r, 300)); // time for a retry that must not happen
    expect(server.requests).toHaveLength(1);
    expect(writer.counters).toEqual({ written: 0, failed: 3, retries: 0 });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^error: write of 3 lines failed \(HTTP 400.*not retried.*plate is required/);
  });

  it('counts the lines a partial write stored as written', async () => {
    const body = JSON.stringify({ code: 'invalid', message: 'partial write', accepted: 2, rejected: 1 });
    server = await startRecordingServer(() => ({ status: 400, body }));
    const logs: string[] = [];
    writer = newWriter(server.url, logs);
    writer.write(events);
    await writer.flush();
    expect(writer.counters).toEqual({ written: 2, failed: 1, retries: 0 });
    expect(logs[0]).toContain('2 of them were stored');
  });

  it('survives an unreachable server and counts undelivered lines as failed on close', async () => {
    server = await startRecordingServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const logs: string[] = [];
    writer = newWriter(url, logs);
    writer.write(events);
    await writer.flush();
    await writer.close();
    expect(writer.counters.written).toBe(0);
    expect(writer.counters.failed).toBe(3);
    expect(logs.join('\n')).toMatch(/ECONNREFUSED|connect/);
  });
});

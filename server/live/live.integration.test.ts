// End to end over real sockets: the real server on a free port, writes through the official InfluxDB
// client, and real WebSocket clients that see the events and KPIs arrive.
import { InfluxDB } from '@influxdata/influxdb-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { formatLines } from '../../shared/line-protocol/format';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(
    testConfig(dir.path, { PORTPULSE_BROADCAST_MS: '100', PORTPULSE_WS_MAX_BUFFERED_BYTES: '65536' }),
    silentLogger,
  );
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

/** A WebSocket client that validates every message with the shared schema and lets tests wait for one. */
class TestClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  readonly invalid: unknown[] = [];
  closeCode: number | undefined;

  constructor(url: string) {
    this.ws = new WebSocket(`${url.replace('http', 'ws')}/api/live`);
    this.ws.on('message', (data) => {
      const parsed = serverMessageSchema.safeParse(JSON.parse(String(data)));
      if (parsed.success) this.messages.push(parsed.data);
      else this.invalid.push(parsed.error);
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
    });
  }

  waitFor(pred: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    return waitFor(`a message matching ${pred}`, () => this.messages.find(pred), {
      timeoutMs: 20_000,
      intervalMs: 10,
      detail: () => this.messages.map((m) => m.type).join(','),
    });
  }

  send(msg: unknown) {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }
}

function truck(plate: string, time = Date.now() - 500): PortEvent {
  return {
    measurement: 'gate_scan',
    time,
    site: 'hgh-xiasha',
    gate: 'g1',
    lane: 'l2',
    direction: 'in',
    subject: 'vehicle',
    result: 'released',
    rural: true,
    plate,
    badge: '',
    processing_ms: 5300,
    parcels: 240,
  };
}

/** Bulk writes with plain fetch (the official client is exercised by the first test). */
async function writeBulk(events: PortEvent[]) {
  const body = formatLines(
    events.map((e) => pointFromEvent(e)),
    'ms',
  );
  const res = await fetch(`${server.url}/api/v2/write?bucket=portpulse&precision=ms`, {
    method: 'POST',
    body,
  });
  expect(res.status).toBe(204);
}

async function writeWithInfluxClient(events: PortEvent[]) {
  const writeApi = new InfluxDB({ url: server.url }).getWriteApi('portpulse', 'portpulse', 'ms', {
    maxRetries: 0,
  });
  writeApi.writeRecords(
    formatLines(
      events.map((e) => pointFromEvent(e)),
      'ms',
    )
      .trimEnd()
      .split('\n'),
  );
  await writeApi.close();
}

describe('live WebSocket', () => {
  it('greets, snapshots, then streams events and KPIs written through @influxdata/influxdb-client', async () => {
    const client = new TestClient(server.url);
    const hello = await client.waitFor((m) => m.type === 'hello');
    expect(hello.type === 'hello' && hello.sites.length).toBeGreaterThan(0);
    client.send({ type: 'subscribe', channels: ['kpi/hgh-xiasha', 'events/hgh-xiasha'] });
    await client.waitFor((m) => m.type === 'snapshot' && m.kind === 'kpi');
    await client.waitFor((m) => m.type === 'snapshot' && m.kind === 'events');

    await writeWithInfluxClient([truck('浙A·LIVE1'), truck('浙A·LIVE2')]);

    const append = await client.waitFor(
      (m) =>
        m.type === 'append' &&
        m.kind === 'events' &&
        m.events.some((e) => e.measurement === 'gate_scan' && e.plate === '浙A·LIVE2'),
    );
    expect(append.type).toBe('append');
    const kpi = await client.waitFor(
      (m) => m.type === 'append' && m.kind === 'kpi' && (m.frame.values[0]?.at(-1) ?? 0) >= 2,
    );
    // One row per second; a tick that ran late also carries the seconds it missed, never a gap.
    if (kpi.type !== 'append' || kpi.kind !== 'kpi') throw new Error('unreachable');
    expect(kpi.frame.t.length).toBeGreaterThanOrEqual(1);
    expect(kpi.frame.t.every((t, i) => i === 0 || t === kpi.frame.t[i - 1]! + 1)).toBe(true);
    expect(client.invalid).toEqual([]);
    client.ws.close();
  });

  it('batches broadcasts: many events in one tick arrive in few frames', async () => {
    const client = new TestClient(server.url);
    await client.waitFor((m) => m.type === 'hello');
    client.send({ type: 'subscribe', channels: ['events/hgh-xiasha'] });
    await client.waitFor((m) => m.type === 'snapshot');
    await writeBulk(Array.from({ length: 500 }, (_, i) => truck(`浙A·B${i}`)));
    await client.waitFor(
      (m) =>
        m.type === 'append' &&
        m.kind === 'events' &&
        m.events.some((e) => 'plate' in e && e.plate === '浙A·B499'),
    );
    const frames = client.messages.filter((m) => m.type === 'append' && m.kind === 'events');
    expect(frames.length).toBeLessThanOrEqual(5);
    client.ws.close();
  });

  it('answers bad messages with an error and keeps the connection', async () => {
    const client = new TestClient(server.url);
    await client.waitFor((m) => m.type === 'hello');
    client.send('not json');
    client.send({ type: 'subscribe', channels: ['nope/x'] });
    client.send({ type: 'subscribe', channels: ['kpi/no-such-site'] });
    client.send({ type: 'dance' });
    const errors = async () => {
      await client.waitFor(() => client.messages.filter((m) => m.type === 'error').length >= 4);
      return client.messages
        .filter((m) => m.type === 'error')
        .map((m) => (m.type === 'error' ? m.message : ''));
    };
    const messages = await errors();
    expect(messages[0]).toMatch(/not JSON/);
    expect(messages[2]).toMatch(/unknown site "no-such-site"/);
    client.send({ type: 'subscribe', channels: ['kpi/hgh-xiasha'] });
    await client.waitFor((m) => m.type === 'snapshot');
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it('takes JSON sent as a binary frame like a text frame, and says so when its bytes are not UTF-8', async () => {
    const client = new TestClient(server.url);
    await client.waitFor((m) => m.type === 'hello');
    client.ws.send(Buffer.from(JSON.stringify({ type: 'subscribe', channels: ['alerts/hgh-xiasha'] })), {
      binary: true,
    });
    await client.waitFor((m) => m.type === 'snapshot' && m.channel === 'alerts/hgh-xiasha');
    client.ws.send(Buffer.from([0x7b, 0xff, 0x7d]), { binary: true });
    const error = await client.waitFor((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'invalid', message: /binary message is not UTF-8 text/ });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it('cuts a client that stops reading once its send queue passes the cap, and others carry on', async () => {
    const slow = new TestClient(server.url);
    const healthy = new TestClient(server.url);
    await slow.waitFor((m) => m.type === 'hello');
    await healthy.waitFor((m) => m.type === 'hello');
    slow.send({ type: 'subscribe', channels: ['events/hgh-xiasha'] });
    healthy.send({ type: 'subscribe', channels: ['events/hgh-xiasha'] });
    await slow.waitFor((m) => m.type === 'snapshot');
    // Stop reading on the slow client: the kernel buffers fill, then the server's queue grows.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // Written in rounds until the server cuts it (how many rounds that takes depends on socket buffers).
    let round = 0;
    await waitFor(
      'the slow client to be cut',
      async () => {
        if (server.deps.hub.counters.slowConsumersCut > 0) return true;
        round++;
        await writeBulk(Array.from({ length: 4000 }, (_, i) => truck(`浙A·S${round}-${i}`)));
        return undefined;
      },
      { timeoutMs: 40_000, intervalMs: 250, detail: () => ({ round, ...server.deps.hub.counters }) },
    );
    // Its socket and queued bytes are released within seconds, not after ws's 30 s close timeout.
    await expect.poll(() => server.liveSockets(), { timeout: 15_000 }).toBe(1);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^portpulse_ws_slow_consumers_cut_total [1-9]/m);
    await healthy.waitFor(
      (m) =>
        m.type === 'append' &&
        m.kind === 'events' &&
        m.events.some((e) => 'plate' in e && e.plate.startsWith('浙A·S')),
    );
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
    healthy.ws.close();
    slow.ws.terminate();
  });
});

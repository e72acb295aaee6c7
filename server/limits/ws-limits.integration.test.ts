// The live WebSocket limits over a real socket against the real server: connections per client IP, messages
// per 10 s, connections in all and the size of one message. (The per-client send queue is covered in
// server/live/live.integration.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  const env = { PORTPULSE_WS_MAX_PER_IP: '2', PORTPULSE_WS_MAX_MESSAGES_PER_10S: '3' };
  server = await startServer(testConfig(dir.path, env), silentLogger);
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

describe('WebSocket', () => {
  const open = () =>
    new Promise<{ ws: WebSocket; status: number }>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
      ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode ?? 0 }));
      ws.once('message', () => resolve({ ws, status: 101 }));
    });

  it('allows PORTPULSE_WS_MAX_PER_IP connections per client address, then 429 until one closes', async () => {
    const a = await open();
    const b = await open();
    expect([a.status, b.status]).toEqual([101, 101]);
    expect((await open()).status).toBe(429);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^portpulse_ws_refused_total\{reason="per_ip"\} [1-9]/m);
    const closed = new Promise((r) => a.ws.once('close', r));
    a.ws.close();
    await closed;
    await expect.poll(async () => (await open()).status).toBe(101);
    for (const ws of [b.ws]) ws.close();
  });

  it('answers messages over PORTPULSE_WS_MAX_MESSAGES_PER_10S with a rate_limited error', async () => {
    await expect.poll(() => server.deps.hub.clientCount).toBeLessThanOrEqual(1);
    const { ws } = await open();
    const errors: { code: string; message: string }[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'error') errors.push(m);
    });
    for (let i = 0; i < 4; i++) ws.send(JSON.stringify({ type: 'ping', id: i }));
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'rate_limited', message: /more than 3 messages in 10 s/ });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});

describe('WebSocket, server-wide limits', () => {
  let small: RunningServer;
  let smallDir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    smallDir = tempDir();
    const env = { PORTPULSE_WS_MAX_CLIENTS: '1', PORTPULSE_WS_MAX_MESSAGE_BYTES: '256' };
    small = await startServer(testConfig(smallDir.path, env), silentLogger);
  });
  afterAll(async () => {
    await small.close();
    smallDir.remove();
  });

  const connect = () =>
    new Promise<{ ws: WebSocket; first: { type: string } }>((resolve, reject) => {
      const ws = new WebSocket(`${small.url.replace('http', 'ws')}/api/live`);
      ws.once('message', (d) => resolve({ ws, first: JSON.parse(String(d)) }));
      ws.once('error', reject);
    });
  const closeOf = (ws: WebSocket) =>
    new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );

  it('closes connections over PORTPULSE_WS_MAX_CLIENTS with 4009 and a reason that names the setting', async () => {
    const first = await connect();
    expect(first.first.type).toBe('hello');
    const second = new WebSocket(`${small.url.replace('http', 'ws')}/api/live`);
    const closed = await closeOf(second);
    expect(closed).toEqual({ code: 4009, reason: 'too many live clients (PORTPULSE_WS_MAX_CLIENTS=1)' });
    expect(first.ws.readyState).toBe(WebSocket.OPEN);
    expect(await (await fetch(`${small.url}/metrics`)).text()).toMatch(
      /^portpulse_ws_too_many_clients_total 1$/m,
    );
    const gone = closeOf(first.ws);
    first.ws.close();
    await gone;
  });

  it('closes a connection that sends a message over PORTPULSE_WS_MAX_MESSAGE_BYTES with 1009', async () => {
    await expect.poll(() => small.deps.hub.clientCount).toBe(0);
    const { ws } = await connect();
    const closed = closeOf(ws);
    ws.send(JSON.stringify({ type: 'subscribe', channels: ['x'.repeat(300)] }));
    expect((await closed).code).toBe(1009);
    // The server goes on: a new client is welcome.
    await expect.poll(() => small.deps.hub.clientCount).toBe(0);
    const again = await connect();
    expect(again.first.type).toBe('hello');
    again.ws.close();
  });
});

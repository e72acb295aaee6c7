// Tokens over real sockets: every way InfluxDB clients send them (Token, Bearer, Basic and u/p on /write,
// the official JS client), read vs write scopes, the live WebSocket by header or one-time ticket, and no
// secret ever in the log.
import { InfluxDB } from '@influxdata/influxdb-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { jsonLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { READ_TOKEN, scanLine, tokenEnv, tokenHeader, WRITE_TOKEN } from '../testing/auth-fixture';
import { tempDir, testConfig } from '../testing/test-config';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
let logged = '';

beforeAll(async () => {
  dir = tempDir();
  const stream = {
    write: (s: string) => {
      logged += s;
    },
  };
  server = await startServer(
    testConfig(dir.path, { ...tokenEnv, PORTPULSE_LOG_LEVEL: 'debug' }),
    jsonLogger({ level: 'debug', stream }),
  );
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

const v2 = (headers: Record<string, string> = {}, body = scanLine()) =>
  fetch(`${server.url}/api/v2/write?bucket=b&precision=ms`, { method: 'POST', body, headers });
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers });
const ticket = (headers: Record<string, string>) =>
  fetch(`${server.url}/api/live/ticket`, { method: 'POST', headers });
const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('write tokens', () => {
  it('accepts Token and Bearer and refuses a missing, wrong or read-only token', async () => {
    expect((await v2(tokenHeader(WRITE_TOKEN))).status).toBe(204);
    expect((await v2({ Authorization: `Bearer ${WRITE_TOKEN}` })).status).toBe(204);
    const missing = await v2();
    expect(missing.status).toBe(401);
    expect(missing.headers.get('WWW-Authenticate')).toMatch(/^Token/);
    expect(await missing.json()).toMatchObject({ code: 'unauthorized', message: /write token is required/ });
    const wrong = await v2(tokenHeader(`${WRITE_TOKEN}x`));
    expect(await wrong.json()).toMatchObject({ code: 'unauthorized', message: 'invalid token' });
    const readOnly = await v2(tokenHeader(READ_TOKEN));
    expect(readOnly.status).toBe(403);
    expect((await readOnly.json()).code).toBe('forbidden');
  });

  it('accepts Basic auth and u/p on the 1.x /write endpoint only', async () => {
    const v1 = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/write?db=portpulse&precision=ms${query}`, {
        method: 'POST',
        body: scanLine(),
        headers,
      });
    expect((await v1('', basic('telegraf', WRITE_TOKEN))).status).toBe(204);
    expect((await v1(`&u=telegraf&p=${WRITE_TOKEN}`)).status).toBe(204);
    expect((await v1('&u=telegraf&p=nope-nope-nope-nope')).status).toBe(401);
    expect((await v1('', tokenHeader(WRITE_TOKEN))).status).toBe(204);
    expect((await v2(basic('telegraf', WRITE_TOKEN))).status).toBe(401);
    const query = await fetch(`${server.url}/api/v2/write?bucket=b&p=${WRITE_TOKEN}`, {
      method: 'POST',
      body: scanLine(),
    });
    expect(query.status).toBe(401);
  });

  it('works with the official InfluxDB client given the token', async () => {
    const before = server.log.lastSeq();
    const api = new InfluxDB({ url: server.url, token: WRITE_TOKEN }).getWriteApi('o', 'b', 'ms', {
      maxRetries: 0,
    });
    api.writeRecords([scanLine(), scanLine()]);
    await api.close();
    expect(server.log.lastSeq()).toBe(before + 2);
  });
});

describe('read tokens', () => {
  it('guards the read API and /metrics, leaves probes and the page shell open', async () => {
    expect((await get('/api/sites')).status).toBe(401);
    expect((await get('/api/sites', tokenHeader(READ_TOKEN))).status).toBe(200);
    expect((await get('/api/sites', tokenHeader(WRITE_TOKEN))).status).toBe(403);
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { Authorization: `Bearer ${READ_TOKEN}` })).status).toBe(200);
    for (const path of ['/health', '/ready', '/openapi.json', '/docs/api'])
      expect((await get(path)).status, path).toBe(200);
    expect((await get('/ping')).status).toBe(204);
  });

  it('cannot be bypassed by encoding or dot segments in the path', async () => {
    for (const path of ['/%61pi/sites', '/api/%73ites', '/x/../api/sites', '/api/./sites', '/api/sites/'])
      expect((await get(path)).status, path).toBe(401);
  });
});

describe('live WebSocket', () => {
  const wsUrl = (query = '') => `${server.url.replace('http', 'ws')}/api/live${query}`;
  const connect = (url: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; first?: string }>((resolve) => {
      const ws = new WebSocket(url, { headers });
      ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
      ws.on('message', (data) => {
        resolve({ status: 101, first: String(data) });
        ws.close();
      });
    });

  it('refuses an upgrade without credentials and accepts a read token header', async () => {
    expect((await connect(wsUrl())).status).toBe(401);
    expect((await connect(wsUrl(), tokenHeader(WRITE_TOKEN))).status).toBe(403);
    const ok = await connect(wsUrl(), tokenHeader(READ_TOKEN));
    expect(ok.status).toBe(101);
    expect(JSON.parse(ok.first!).type).toBe('hello');
  });

  it('trades a read token for a one-time ticket (browsers), usable once', async () => {
    expect((await ticket({})).status).toBe(401);
    const res = await ticket(tokenHeader(READ_TOKEN));
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const { ticket: t, expiresAt } = await res.json();
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect((await connect(wsUrl(`?ticket=${t}`))).status).toBe(101);
    expect((await connect(wsUrl(`?ticket=${t}`))).status).toBe(401);
    expect((await connect(wsUrl('?ticket=made-up'))).status).toBe(401);
  });

  it('spends a ticket only on a WebSocket upgrade, not on a plain GET', async () => {
    const { ticket: t } = await (await ticket(tokenHeader(READ_TOKEN))).json();
    const plain = await get(`/api/live?ticket=${t}`);
    expect(plain.status).toBe(401);
    expect(await plain.json()).toMatchObject({
      message: /only on a WebSocket upgrade; this one was not used/,
    });
    expect((await connect(wsUrl(`?ticket=${t}`))).status).toBe(101);
  });
});

describe('secrets in the log', () => {
  it('never writes a token, password or ticket to the log', async () => {
    const { ticket: t } = await (await ticket(tokenHeader(READ_TOKEN))).json();
    await fetch(`${server.url}/write?db=x&u=me&p=${WRITE_TOKEN}`, { method: 'POST', body: 'bad line' });
    await fetch(`${server.url}/api/live?ticket=${t}`);
    await get('/api/nope', tokenHeader(READ_TOKEN));
    expect(logged).toMatch(/"msg":"http request"/);
    expect(logged).toContain('"path":"/write"');
    for (const secret of [WRITE_TOKEN, READ_TOKEN, t]) expect(logged).not.toContain(secret);
  });
});

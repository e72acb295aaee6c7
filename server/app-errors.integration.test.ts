// The one error format over a real socket: every failure (a bad line, an unknown endpoint, a request that is not
// an API call) answers { code, message, requestId }, the same id is in the X-Request-Id header and in the access
// log at the default level, so an operator can find the request a client reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLogger } from './logger';
import { type RunningServer, startServer } from './start-server';
import { tempDir, testConfig } from './testing/test-config';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  dir = tempDir();
  const stream = {
    write: (s: string) => {
      for (const l of s.split('\n')) if (l) lines.push(JSON.parse(l));
    },
  };
  server = await startServer(testConfig(dir.path), jsonLogger({ level: 'info', stream }));
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { code: string; message: string; requestId: string };
  expect(body.code).toBe(code);
  expect(body.message.length).toBeGreaterThan(5);
  expect(body.requestId).toBeTruthy();
  expect(res.headers.get('x-request-id')).toBe(body.requestId);
  const logged = lines.find((l) => l.requestId === body.requestId);
  expect(logged, `no log line with requestId ${body.requestId}`).toMatchObject({
    msg: 'http request',
    status,
  });
  return body;
}

describe('errors', () => {
  it('a bad line: 400 naming the line, with its request id in the header and the log', async () => {
    const res = await fetch(`${server.url}/write?db=x&precision=ms`, {
      method: 'POST',
      body: 'gate_scan,site=x',
    });
    const body = await expectError(res, 400, 'invalid');
    expect(body.message).toMatch(/line 1/);
  });

  it('an unknown API endpoint and a POST to a page both answer the JSON error, not a text page', async () => {
    const api = await expectError(await fetch(`${server.url}/api/nope`), 404, 'not_found');
    expect(api.message).toBe('no such endpoint: GET /api/nope');
    const page = await expectError(
      await fetch(`${server.url}/foo`, { method: 'POST', body: 'x' }),
      404,
      'not_found',
    );
    expect(page.message).toBe('no such endpoint: POST /foo');
  });

  it('keeps a request id the client sends, so a collector can correlate its own logs', async () => {
    const res = await fetch(`${server.url}/api/nope`, { headers: { 'X-Request-Id': 'collector-42-abc' } });
    expect((await expectError(res, 404, 'not_found')).requestId).toBe('collector-42-abc');
  });
});

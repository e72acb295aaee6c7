// Graceful close of the in-process server, step by step: live sockets are closed with a reason, new
// connections are refused, a write already in flight still finishes with 204, and it is in the log.
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../logger';
import { startServer } from '../start-server';
import { EventLog } from '../store/event-log';
import { scanLine } from '../testing/auth-fixture';
import { tempDir, testConfig } from '../testing/test-config';

const dir = tempDir();
afterAll(() => dir.remove());

describe('server.close()', () => {
  it('closes live sockets with a reason, refuses new connections and lets the write in flight finish', async () => {
    const server = await startServer(testConfig(dir.path), silentLogger);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
    await new Promise((r) => ws.once('message', r));
    const wsClosed = new Promise<[number, string]>((r) =>
      ws.once('close', (code, why) => r([code, String(why)])),
    );

    // A write whose body is still arriving when shutdown starts.
    const { port } = new URL(server.url);
    const req = request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/api/v2/write?bucket=b&precision=ms',
    });
    const response = new Promise<number>((resolve, reject) => {
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
    });
    const line = scanLine(Date.now() - 1000);
    req.write(line.slice(0, 40));
    await expect.poll(() => server.deps.drain.requestsInFlight).toBe(1);

    const closing = server.close();
    expect(await wsClosed).toEqual([1001, 'server shutting down']);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(server.deps.readiness().checks.accepting).toEqual({ ok: false, detail: 'shutting down' });
    req.end(line.slice(40));
    expect(await response).toBe(204);
    await closing;

    const log = await EventLog.open({ dir: join(dir.path, 'log'), segmentBytes: 1 << 20, fsync: false });
    const plates = [];
    for await (const { point } of log.readFrom(1)) plates.push(point.fields.plate?.value);
    await log.close();
    expect(plates).toEqual([/plate="([^"]+)"/.exec(line)![1]]);
  });
});

// The live connection with a URL that is fetched per attempt (a one-time ticket): a fresh one for every
// reconnect, a failed ticket request retried with backoff, and nothing opened after stop().
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveConnection } from './connection';
import { fakeSockets } from './testing/fake-sockets';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(url: () => Promise<string>) {
  const { sockets, createSocket } = fakeSockets();
  const conn = new LiveConnection({
    url,
    random: () => 0,
    backoff: { minMs: 1000, maxMs: 8000, factor: [0.5, 1] },
    log: () => {},
    createSocket,
  });
  return { conn, sockets };
}

describe('LiveConnection with a ticket per attempt', () => {
  it('opens each attempt with a fresh ticket', async () => {
    let n = 0;
    const { conn, sockets } = setup(async () => `ws://t/api/live?ticket=${++n}`);
    conn.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets.map((s) => s.url)).toEqual(['ws://t/api/live?ticket=1']);
    sockets[0]!.h.close(1006, '');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets.map((s) => s.url)).toEqual(['ws://t/api/live?ticket=1', 'ws://t/api/live?ticket=2']);
  });

  it('retries with backoff when the ticket cannot be had, and opens nothing after stop()', async () => {
    let fail = true;
    const { conn, sockets } = setup(() =>
      fail ? Promise.reject(new Error('HTTP 401')) : Promise.resolve('ws://t/x'),
    );
    conn.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(conn.state).toBe('closed');
    expect(sockets).toHaveLength(0);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(1);
    conn.stop();
    sockets[0]!.h.close(1006, '');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });
});

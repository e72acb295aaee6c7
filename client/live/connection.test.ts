// The connection's promises to the views: bad messages never crash it, channels survive reconnects,
// and retries back off.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveConnection, liveUrl } from './connection';
import { fakeSockets } from './testing/fake-sockets';

function setup() {
  const { sockets, createSocket, last } = fakeSockets();
  const log = vi.fn();
  const conn = new LiveConnection({
    url: 'ws://test/api/live',
    random: () => 0,
    backoff: { minMs: 1000, maxMs: 8000, factor: [0.5, 1] },
    log,
    createSocket,
  });
  const messages: unknown[] = [];
  conn.onMessage((m) => messages.push(m));
  return { conn, sockets, messages, log, last };
}

const hello = JSON.stringify({
  type: 'hello',
  serverTime: 1,
  version: 't',
  sites: [],
  kpiColumns: [],
  limits: { snapshotSeconds: 900, maxChannels: 64 },
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('LiveConnection', () => {
  it('counts and logs invalid messages without passing them on or closing', () => {
    const { conn, last, messages, log } = setup();
    conn.start();
    last().h.open();
    last().h.message('not json');
    last().h.message(JSON.stringify({ type: 'append', channel: 'kpi/a', kind: 'kpi', frame: { t: [1] } }));
    last().h.message(hello);
    expect(conn.stats.invalidMessages).toBe(2);
    expect(log).toHaveBeenCalledTimes(2);
    expect(messages).toHaveLength(1);
    expect(conn.state).toBe('open');
  });

  it('sends subscription changes while open and the whole set again after a reconnect', () => {
    const { conn, sockets, last } = setup();
    conn.setSubscriptions(['kpi/a', 'events/a']);
    conn.start();
    last().h.open();
    expect(last().sent).toEqual([{ type: 'subscribe', channels: ['kpi/a', 'events/a'] }]);
    conn.setSubscriptions(['kpi/b', 'events/b']);
    expect(last().sent.slice(1)).toEqual([
      { type: 'unsubscribe', channels: ['kpi/a', 'events/a'] },
      { type: 'subscribe', channels: ['kpi/b', 'events/b'] },
    ]);
    last().h.close(1006, '');
    expect(conn.state).toBe('closed');
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(2);
    last().h.open();
    expect(last().sent).toEqual([{ type: 'subscribe', channels: ['kpi/b', 'events/b'] }]);
  });

  it('asks for a resync of subscribed channels only, with the resync flag', () => {
    const { conn, last } = setup();
    conn.setSubscriptions(['kpi/a', 'events/a']);
    conn.start();
    last().h.open();
    conn.resync(['kpi/a', 'kpi/b']);
    expect(last().sent.slice(1)).toEqual([{ type: 'subscribe', channels: ['kpi/a'], resync: true }]);
    conn.resync(['kpi/b']);
    expect(last().sent).toHaveLength(2);
  });

  it('backs off exponentially while the server stays away, and starts afresh after a hello', () => {
    const { conn, sockets, last } = setup();
    conn.start();
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = Date.now();
      last().h.close(1006, '');
      const n = sockets.length;
      while (sockets.length === n) vi.advanceTimersByTime(100);
      waits.push(Date.now() - before);
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 4000]);
    last().h.open();
    last().h.message(hello);
    last().h.close(1006, '');
    expect((conn.retryAt ?? 0) - Date.now()).toBe(500);
  });

  it('reconnects when an open socket goes silent', () => {
    const { conn, sockets, last } = setup();
    conn.start();
    last().h.open();
    vi.advanceTimersByTime(19_000);
    last().h.message(hello);
    vi.advanceTimersByTime(19_000);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(sockets[0]!.closed).toBe(4000);
    expect(conn.state).toBe('closed');
    vi.advanceTimersByTime(1_000);
    expect(sockets).toHaveLength(2);
  });

  it('ignores late events of a replaced socket and stops for good on stop()', () => {
    const { conn, sockets, messages } = setup();
    conn.start();
    const first = sockets[0]!;
    first.h.close(1006, '');
    vi.advanceTimersByTime(1000);
    first.h.message(hello);
    expect(messages).toHaveLength(0);
    conn.stop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(2);
    expect(conn.state).toBe('closed');
  });
});

describe('liveUrl', () => {
  it('uses wss on https pages and the page origin', () => {
    expect(liveUrl({ protocol: 'https:', host: 'ops.example:8443' })).toBe('wss://ops.example:8443/api/live');
    expect(liveUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/api/live');
  });
});

// Cluster mode in the connection: it resubscribes with the last stream seq of each events channel (in the
// epoch of the last hello), drops an events frame it already had, and alternates its reconnects between its own
// URL and the peers the last hello listed (the other nodes first).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gateScan } from '../../shared/events/testing/event-builders';
import { LiveConnection } from './connection';
import { fakeSockets } from './testing/fake-sockets';

const hello = (node: string, epoch = 'e1') =>
  JSON.stringify({
    type: 'hello',
    serverTime: 1,
    version: 't',
    sites: [],
    kpiColumns: [],
    limits: { snapshotSeconds: 900, maxChannels: 64 },
    node,
    epoch,
    peers: [
      { node: 'node-0', url: 'http://n0' },
      { node: 'node-1', url: 'http://n1' },
    ],
  });
const events = (type: 'snapshot' | 'append', seq: number, plates: string[]) =>
  JSON.stringify({
    type,
    channel: 'events/s1',
    kind: 'events',
    seq,
    events: plates.map((plate, i) => gateScan({ site: 's1', time: 1_700_000_000_000 + seq * 10 + i, plate })),
  });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('LiveConnection in cluster mode', () => {
  it('resumes from the last seq, drops a frame it had, and reconnects to a peer every other attempt', () => {
    const { sockets, createSocket } = fakeSockets();
    const conn = new LiveConnection({
      url: 'ws://balancer/api/live',
      peerUrl: (p) => `ws://${p.node}/api/live`,
      random: () => 0,
      backoff: { minMs: 100, maxMs: 100, factor: [1, 1] },
      log: () => {},
      createSocket,
    });
    const received: unknown[] = [];
    conn.onMessage((m) => received.push(m));
    conn.setSubscriptions(['events/s1', 'kpi/s1']);
    conn.start();
    const first = sockets[0]!;
    first.h.open();
    expect(first.sent).toEqual([{ type: 'subscribe', channels: ['events/s1', 'kpi/s1'] }]);
    first.h.message(hello('node-0'));
    first.h.message(events('snapshot', 5, ['A']));
    first.h.message(events('append', 7, ['B']));
    first.h.message(events('append', 7, ['B'])); // the same frame again
    expect(conn.stats.duplicateFrames).toBe(1);
    expect(received).toHaveLength(3);

    first.h.close(1006, '');
    vi.advanceTimersByTime(100);
    // The first retry goes to another node the hello listed, and resumes the events channel from seq 7.
    const second = sockets[1]!;
    expect(second.url).toBe('ws://node-1/api/live');
    second.h.close(1006, ''); // refused too: the next retry goes to the balancer
    vi.advanceTimersByTime(100);
    const third = sockets[2]!;
    expect(third.url).toBe('ws://balancer/api/live');
    third.h.open();
    expect(third.sent).toEqual([
      {
        type: 'subscribe',
        channels: ['events/s1', 'kpi/s1'],
        resume: { epoch: 'e1', after: [{ channel: 'events/s1', seq: 7 }] },
      },
    ]);
    third.h.message(hello('node-1'));
    third.h.message(events('append', 9, ['C']));
    expect(conn.stats.resumed).toBe(1);
    expect(conn.stats.resumeSnapshots).toBe(0);

    // A node of another stream epoch: no resume is asked of it (the seqs of the old epoch are forgotten).
    third.h.close(1006, '');
    vi.advanceTimersByTime(100);
    const fourth = sockets[3]!;
    fourth.h.message(hello('node-0', 'e2'));
    fourth.h.open();
    expect(fourth.sent).toEqual([{ type: 'subscribe', channels: ['events/s1', 'kpi/s1'] }]);
  });
});

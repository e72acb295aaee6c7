// Subscribing costs the server a snapshot, so a subscribe must not be an amplifier: a channel named twice in
// one message is one channel, a channel already followed gets no second snapshot unless the client asks for a
// resync, and the snapshot bytes one client may pull are budgeted (rate_limited beyond the budget).
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/live/messages';
import { recordingSocket, testHub } from './testing/test-hub';

const SITE = 'hgh-xiasha';

function setup(snapshotBytesPerMin = 0) {
  const now = { t: Date.UTC(2026, 10, 23, 8) };
  const hub = testHub({
    snapshotSeconds: 600,
    maxMessagesPer10s: 1000,
    snapshotBytesPerMin,
    limitNames: { snapshotBytesPerMin: 'PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN' },
    now: () => now.t,
  });
  const socket = recordingSocket();
  hub.backfillHistory(); // a full window of rows, as after start-up
  const client = hub.connect(socket);
  const received = socket.received;
  received(); // hello and status
  const send = (msg: object) => hub.message(client, JSON.stringify(msg));
  return { hub, now, send, received, client };
}

describe('LiveHub subscribe', () => {
  it('sends one snapshot for a channel named 64 times in one message', () => {
    const { hub, send, received } = setup();
    send({ type: 'subscribe', channels: Array.from({ length: 64 }, () => `kpi/${SITE}`) });
    expect(received().map((m) => m.type)).toEqual(['snapshot']);
    expect(hub.counters.snapshotsSent).toBe(1);
  });

  it('sends no second snapshot for a channel already subscribed, unless asked for a resync', () => {
    const { send, received, hub, now } = setup();
    send({ type: 'subscribe', channels: [`kpi/${SITE}`, `events/${SITE}`] });
    expect(received().map((m) => m.type)).toEqual(['snapshot', 'snapshot']);
    send({ type: 'subscribe', channels: [`kpi/${SITE}`, `events/${SITE}`, `alerts/${SITE}`] });
    expect(received().map((m) => (m.type === 'snapshot' ? m.channel : m.type))).toEqual([`alerts/${SITE}`]);
    send({ type: 'subscribe', channels: [`kpi/${SITE}`], resync: true });
    expect(received().map((m) => (m.type === 'snapshot' ? m.channel : m.type))).toEqual([`kpi/${SITE}`]);
    // Still one subscriber: the next tick's append goes out once.
    now.t += 1000;
    hub.tick();
    expect(received().filter((m) => m.type === 'append' && m.kind === 'kpi')).toHaveLength(1);
  });

  it('refuses snapshots past the per-client byte budget with rate_limited, and allows them again later', () => {
    const { hub, now, send, received, client } = setup(100_000);
    send({ type: 'subscribe', channels: [`kpi/${SITE}`] });
    const first = received();
    expect(first.map((m) => m.type)).toEqual(['snapshot']);
    const snapshotBytes = hub.counters.snapshotBytes;
    expect(snapshotBytes).toBeGreaterThan(20_000);
    // Resync until the bucket is empty: the one that finds it empty is refused and named.
    let refused: ServerMessage | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      send({ type: 'subscribe', channels: [`kpi/${SITE}`], resync: true });
      refused = received().find((m) => m.type === 'error');
    }
    expect(refused).toMatchObject({
      type: 'error',
      code: 'rate_limited',
      message: expect.stringMatching(
        /snapshot of kpi\/hgh-xiasha not sent: over 100000 snapshot bytes per minute \(PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN\); still subscribed/,
      ),
    });
    expect(hub.counters.snapshotsRefused).toBe(1);
    // Sent in all: the budget plus at most one snapshot.
    expect(hub.counters.snapshotBytes).toBeLessThanOrEqual(100_000 + snapshotBytes);
    // A new channel over the budget is not subscribed: no appends arrive for it.
    send({ type: 'subscribe', channels: [`kpi/yiwu-customs`] });
    expect(received()).toMatchObject([{ type: 'error', code: 'rate_limited', message: /not subscribed/ }]);
    expect(client.channels.has('kpi/yiwu-customs')).toBe(false);
    // The bucket refills with time.
    now.t += 60_000;
    send({ type: 'subscribe', channels: [`kpi/yiwu-customs`] });
    expect(received().map((m) => m.type)).toEqual(['snapshot']);
  });
});

// Cluster mode in the live hub: events frames carry the stream seq; a reconnecting client that sends its last
// seq gets only the events after it (or the snapshot when the node's buffer no longer holds them all, or the
// stream is another epoch); a client ahead of this node gets no event twice; and a snapshot leaves out the
// events still waiting for their append, so a new subscriber does not get them twice.
import { describe, expect, it } from 'vitest';
import { gateScan } from '../../shared/events/testing/event-builders';
import type { Point } from '../../shared/line-protocol/types';
import type { ServerMessage } from '../../shared/live/messages';
import { recordingSocket, testHub } from './testing/test-hub';

const SITE = 'hgh-xiasha';
const CHANNEL = `events/${SITE}` as const;
const EPOCH = 'portpulse@2026-12-03T10:00:00Z';

function setup(opts: { cluster?: boolean } = {}) {
  const hub = testHub({
    maxMessagesPer10s: 1000,
    recentEvents: 5,
    ...(opts.cluster === false
      ? {}
      : {
          cluster: () => ({
            node: 'node-1',
            nodesUp: ['node-0', 'node-1'],
            streamSeq: 0,
            appliedSeq: 0,
            shipper: null,
            epoch: EPOCH,
            peers: [{ node: 'node-1', url: 'http://127.0.0.1:1' }],
          }),
        }),
  });
  const connect = () => {
    const socket = recordingSocket();
    const client = hub.connect(socket);
    const send = (msg: object) => hub.message(client, JSON.stringify(msg));
    return { client, received: socket.received, send };
  };
  /** A client reconnecting with the last seq it has of CHANNEL (its hello already read). */
  const resume = (seq: number, epoch = EPOCH) => {
    const c = connect();
    c.received();
    c.send({ type: 'subscribe', channels: [CHANNEL], resume: { epoch, after: [{ channel: CHANNEL, seq }] } });
    return c;
  };
  let plate = 0;
  /** One stream message per seq, with `n` trucks each. */
  const apply = (seq: number, n = 1) =>
    hub.onEvents(
      Array.from({ length: n }, () => ({
        seq: 0,
        point: {} as Point,
        event: gateScan({ site: SITE, time: Date.UTC(2026, 11, 3, 10) + plate, plate: `P${plate++}` }),
        streamSeq: seq,
      })),
      'stream',
    );
  const flush = () => new Promise((r) => setImmediate(r));
  return { hub, connect, resume, apply, flush };
}

const eventsOf = (msgs: ServerMessage[]) =>
  msgs.filter((m): m is Extract<ServerMessage, { kind: 'events' }> => 'kind' in m && m.kind === 'events');
const plates = (msgs: ServerMessage[]) =>
  eventsOf(msgs).flatMap((m) => m.events.map((e) => String((e as { plate?: string }).plate)));

describe('LiveHub resume by stream seq', () => {
  it('lists epoch and peers in hello, and puts the seq on events frames', async () => {
    const { connect, apply, flush } = setup();
    const c = connect();
    const hello = c.received()[0]!;
    expect(hello).toMatchObject({ type: 'hello', node: 'node-1', epoch: EPOCH, peers: [{ node: 'node-1' }] });
    c.send({ type: 'subscribe', channels: [CHANNEL] });
    expect(eventsOf(c.received())).toMatchObject([{ type: 'snapshot', events: [], seq: 0 }]);
    apply(7, 2);
    await flush();
    expect(eventsOf(c.received())).toMatchObject([{ type: 'append', seq: 7, events: [{}, {}] }]);
  });

  it('sends only the events after the client’s seq, as an append, with no snapshot', async () => {
    const { resume, apply, flush } = setup();
    for (let seq = 1; seq <= 4; seq++) apply(seq);
    await flush();
    const c = resume(2);
    const msgs = eventsOf(c.received());
    expect(msgs).toMatchObject([{ type: 'append', seq: 4 }]);
    expect(plates(msgs)).toEqual(['P2', 'P3']);
    apply(5);
    await flush();
    expect(eventsOf(c.received())).toMatchObject([{ type: 'append', seq: 5, events: [{ plate: 'P4' }] }]);
  });

  it('sends the snapshot when the buffer lost events after the seq, or the stream is another epoch', async () => {
    const { resume, apply, flush } = setup();
    for (let seq = 1; seq <= 12; seq++) apply(seq); // 5 kept, 10 at most: the oldest are gone
    await flush();
    const gap = resume(1);
    expect(eventsOf(gap.received())).toMatchObject([{ type: 'snapshot', seq: 12 }]);
    const other = resume(11, 'old');
    expect(eventsOf(other.received())).toMatchObject([{ type: 'snapshot', seq: 12 }]);
  });

  it('leaves out of the next frames what a client ahead of this node already has', async () => {
    const { resume, apply, flush } = setup();
    apply(1);
    await flush();
    const c = resume(3); // the client's old node had applied up to 3; this one only up to 1
    expect(eventsOf(c.received())).toMatchObject([{ type: 'append', events: [], seq: 3 }]);
    apply(2);
    apply(3);
    await flush();
    expect(c.received()).toEqual([]);
    apply(4);
    await flush();
    expect(plates(c.received())).toEqual(['P3']);
  });

  it('does not send a new subscriber the events that are still waiting for their append (also one process)', async () => {
    for (const cluster of [true, false]) {
      const { connect, apply, flush } = setup({ cluster });
      const first = connect();
      first.send({ type: 'subscribe', channels: [CHANNEL] });
      apply(1); // pending: the channel has a subscriber, the append goes out on the next turn
      const second = connect();
      second.send({ type: 'subscribe', channels: [CHANNEL] });
      await flush();
      expect(plates(second.received())).toEqual(['P0']);
      expect(plates(first.received())).toEqual(['P0']);
    }
  });
});

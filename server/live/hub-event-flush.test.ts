// Events go out as soon as ingest hands them over (durable), not on the next tick: one frame per channel per
// event-loop turn, so batches that complete together still share a frame.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { testHub } from './testing/test-hub';

const T0 = Date.UTC(2026, 10, 23, 8);
const nextTurn = () => new Promise((r) => setImmediate(r));
const accepted = (events: PortEvent[]) =>
  events.map((event, seq) => ({ seq, point: pointFromEvent(event), event }));

/** A hub on a driven monotonic clock (`advance`), so the frame gap does not depend on how fast the box runs. */
function setup(eventFrameMs = 0) {
  let clock = 0;
  const hub = testHub({
    eventFrameMs,
    monotonicNow: () => clock,
    now: () => T0,
  });
  const follow = (channel: string) => {
    const sent: ServerMessage[] = [];
    const c = hub.connect({
      send: (d) => sent.push(serverMessageSchema.parse(JSON.parse(d))),
      bufferedAmount: () => 0,
      close: () => {},
    });
    hub.message(c, JSON.stringify({ type: 'subscribe', channels: [channel] }));
    return { client: c, appends: () => sent.filter((m) => m.type === 'append') };
  };
  const advance = (ms: number) => {
    clock += ms;
  };
  return { hub, follow, advance };
}

describe('LiveHub event flush', () => {
  it('sends the events of one turn in one frame per channel, without waiting for a tick', async () => {
    const { hub, follow } = setup();
    const xiasha = follow('events/hgh-xiasha');
    const yiwu = follow('events/yiwu-customs');
    hub.onEvents(accepted([gateScan({ time: T0 - 100, site: 'hgh-xiasha', plate: 'A' })]), 'live');
    hub.onEvents(accepted([gateScan({ time: T0 - 50, site: 'hgh-xiasha', plate: 'B' })]), 'live');
    expect(xiasha.appends()).toEqual([]); // not inside onEvents: the rest of the turn may bring more
    await nextTurn();
    expect(xiasha.appends()).toMatchObject([
      { kind: 'events', channel: 'events/hgh-xiasha', events: [{ plate: 'A' }, { plate: 'B' }] },
    ]);
    expect(yiwu.appends()).toEqual([]);
  });

  it('sends each event once: a tick before the flush takes them, the flush then has nothing left', async () => {
    const { hub, follow } = setup();
    const xiasha = follow('events/hgh-xiasha');
    hub.onEvents(accepted([gateScan({ time: T0 - 100, site: 'hgh-xiasha' })]), 'live');
    hub.tick();
    await nextTurn();
    expect(xiasha.appends().filter((m) => m.kind === 'events')).toHaveLength(1);
  });

  it('stops sending to a client that unsubscribed or left', async () => {
    const { hub, follow } = setup();
    const a = follow('events/hgh-xiasha');
    const b = follow('events/hgh-xiasha');
    hub.message(a.client, JSON.stringify({ type: 'unsubscribe', channels: ['events/hgh-xiasha'] }));
    hub.disconnect(b.client);
    hub.onEvents(accepted([gateScan({ time: T0 - 100, site: 'hgh-xiasha' })]), 'live');
    await nextTurn();
    expect([...a.appends(), ...b.appends()]).toEqual([]);
  });

  it('batches a busy channel to one frame per eventFrameMs, every event once and in order', async () => {
    const { hub, follow, advance } = setup(200);
    const xiasha = follow('events/hgh-xiasha');
    const plates: string[] = [];
    // Forty write requests in quick succession, each its own event-loop turn.
    for (let i = 0; i < 40; i++) {
      plates.push(`P${i}`);
      hub.onEvents(accepted([gateScan({ time: T0 - 1000 + i, site: 'hgh-xiasha', plate: `P${i}` })]), 'live');
      await nextTurn();
    }
    // The first went out at once; the other 39 wait for the channel's next slot, 200 ms after it.
    expect(xiasha.appends()).toHaveLength(1);
    advance(200);
    // The hub's timer for that slot (200 ms of real time) sends them in one frame.
    await expect.poll(() => xiasha.appends().length, { timeout: 20_000, interval: 20 }).toBe(2);
    const sent = xiasha
      .appends()
      .flatMap((m) => (m.kind === 'events' ? m.events.map((e) => ('plate' in e ? e.plate : '')) : []));
    expect(sent).toEqual(plates);
  });

  it('sends a sparse event at once: the gap only holds back a channel that just had a frame', async () => {
    const { hub, follow, advance } = setup(50);
    const xiasha = follow('events/hgh-xiasha');
    const yiwu = follow('events/yiwu-customs');
    hub.onEvents(accepted([gateScan({ time: T0 - 100, site: 'hgh-xiasha', plate: 'A' })]), 'live');
    await nextTurn();
    hub.onEvents(accepted([gateScan({ time: T0 - 90, site: 'yiwu-customs', plate: 'B' })]), 'live');
    await nextTurn();
    expect([xiasha.appends().length, yiwu.appends().length]).toEqual([1, 1]); // other channels are not held
    advance(80);
    hub.onEvents(accepted([gateScan({ time: T0 - 80, site: 'hgh-xiasha', plate: 'C' })]), 'live');
    await nextTurn();
    expect(xiasha.appends()).toHaveLength(2);
  });
});

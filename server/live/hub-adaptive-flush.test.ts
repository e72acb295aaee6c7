// The default live mode: events go out as soon as they are durable while sending them takes less than its
// share of the time; sends that cost more make the hub coalesce the next turns' events (never past
// eventFrameMs). Frames due to one client at once are written through one cork/uncork.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { testHub, testKpis } from './testing/test-hub';

const T0 = Date.UTC(2026, 10, 23, 8);
const nextTurn = () => new Promise((r) => setImmediate(r));
const accepted = (events: PortEvent[]) =>
  events.map((event, seq) => ({ seq, point: pointFromEvent(event), event }));
const plate = (i: number) => gateScan({ time: T0 - 1000 + i, site: 'hgh-xiasha', plate: `P${i}` });

/** A hub on a driven monotonic clock; each send costs `sendCostMs` of it (an expensive socket write). */
function setup(o: { sendCostMs: number; sendShare?: number; eventFrameMs?: number; preemptedMs?: number }) {
  let clock = 0;
  /** Wall time the server spent waiting for a core (no CPU used). */
  let waited = 0;
  const kpis = testKpis();
  const hub = testHub({
    eventFrameMs: o.eventFrameMs ?? 100,
    sendShare: o.sendShare ?? 0.5,
    monotonicNow: () => clock,
    cpuNow: () => clock - waited,
    kpis,
    now: () => T0,
  });
  const follow = (channels: string[]) => {
    const calls: string[] = [];
    const sent: ServerMessage[] = [];
    const c = hub.connect({
      send: (d) => {
        clock += o.sendCostMs + (o.preemptedMs ?? 0);
        waited += o.preemptedMs ?? 0;
        const m = serverMessageSchema.parse(JSON.parse(d));
        sent.push(m);
        calls.push(m.type === 'append' || m.type === 'snapshot' ? `${m.type} ${m.channel}` : m.type);
      },
      bufferedAmount: () => 0,
      close: () => {},
      cork: () => calls.push('cork'),
      uncork: () => calls.push('uncork'),
    });
    hub.message(c, JSON.stringify({ type: 'subscribe', channels }));
    calls.length = 0;
    return {
      calls,
      appends: () => sent.filter((m) => m.type === 'append'),
      plates: () =>
        sent.flatMap((m) =>
          m.type === 'append' && m.kind === 'events'
            ? m.events.map((e) => ('plate' in e ? e.plate : ''))
            : [],
        ),
    };
  };
  return { hub, follow, advance: (ms: number) => (clock += ms) };
}

describe('LiveHub adaptive event frames', () => {
  it('sends every turn at once while the sends are cheap', async () => {
    const { hub, follow } = setup({ sendCostMs: 0.01 });
    const a = follow(['events/hgh-xiasha']);
    for (let i = 0; i < 40; i++) {
      hub.onEvents(accepted([plate(i)]), 'live');
      await nextTurn();
    }
    expect(a.appends()).toHaveLength(40);
    expect(hub.counters.eventFlushesHeld).toBe(0);
  });

  it('coalesces turns once the sends exceed their share, and sends every event once and in order', async () => {
    // 10 ms a send, no time passing between turns: far over half of the time.
    const { hub, follow, advance } = setup({ sendCostMs: 10 });
    const a = follow(['events/hgh-xiasha']);
    for (let i = 0; i < 40; i++) {
      hub.onEvents(accepted([plate(i)]), 'live');
      await nextTurn();
    }
    const atOnce = a.appends().length;
    // A burst of 50 ms (half of 100 ms) less 5 ms a frame (10 ms of sends, 5 refilled while they ran):
    // about ten frames went out at once, then the hub held the rest.
    expect(atOnce).toBeGreaterThan(5);
    expect(atOnce).toBeLessThan(15);
    expect(hub.counters.eventFlushesHeld).toBeGreaterThan(0);
    advance(100); // the longest hold: the rest goes out in one frame
    await expect.poll(() => a.appends().length, { timeout: 20_000, interval: 10 }).toBe(atOnce + 1);
    expect(a.plates()).toEqual(Array.from({ length: 40 }, (_, i) => `P${i}`));
  });

  it('charges a flush the CPU its sends used, not the time the server waited for a core meanwhile', async () => {
    // Cheap sends on a busy machine: each takes 10 ms of wall time, of which 9.9 ms waiting for a core.
    const { hub, follow } = setup({ sendCostMs: 0.1, preemptedMs: 9.9 });
    const a = follow(['events/hgh-xiasha']);
    for (let i = 0; i < 40; i++) {
      hub.onEvents(accepted([plate(i)]), 'live');
      await nextTurn();
    }
    expect(a.appends()).toHaveLength(40);
    expect(hub.counters.eventFlushesHeld).toBe(0);
  });

  it('with eventFrameMs 0 never holds an event, whatever the sends cost', async () => {
    const { hub, follow } = setup({ sendCostMs: 10, eventFrameMs: 0 });
    const a = follow(['events/hgh-xiasha']);
    for (let i = 0; i < 20; i++) {
      hub.onEvents(accepted([plate(i)]), 'live');
      await nextTurn();
    }
    expect(a.appends()).toHaveLength(20);
  });

  it('writes the frames due to one client at once through one cork', async () => {
    const { hub, follow } = setup({ sendCostMs: 0 });
    const wall = follow(['events/hgh-xiasha', 'events/yiwu-customs', 'kpi/hgh-xiasha']);
    const other = follow(['events/yiwu-customs']);
    hub.onEvents(accepted([plate(1), gateScan({ time: T0 - 10, site: 'yiwu-customs', plate: 'Y' })]), 'live');
    await nextTurn();
    expect(wall.calls).toEqual(['cork', 'append events/hgh-xiasha', 'append events/yiwu-customs', 'uncork']);
    expect(other.calls).toEqual(['cork', 'append events/yiwu-customs', 'uncork']);
    wall.calls.length = 0;
    hub.tick(); // KPI rows, alerts and status of one tick: one write as well
    expect(wall.calls[0]).toBe('cork');
    expect(wall.calls.at(-1)).toBe('uncork');
    expect(wall.calls.filter((c) => c === 'cork')).toHaveLength(1);
    expect(wall.calls).toContain('append kpi/hgh-xiasha');
  });
});

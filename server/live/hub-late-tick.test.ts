// A broadcast tick that comes late (the event loop was busy) still sends a row for every second it missed,
// so live charts have no holes; the rows equal what the snapshot then holds.
import { describe, expect, it } from 'vitest';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { testHub } from './testing/test-hub';

describe('LiveHub late tick', () => {
  it('fills the seconds a late tick missed, in one append', () => {
    const now = { t: Date.UTC(2026, 10, 23, 8) };
    const hub = testHub({
      maxBufferedBytes: 1_000_000,
      now: () => now.t,
    });
    const sent: ServerMessage[] = [];
    const c = hub.connect({
      send: (d) => sent.push(serverMessageSchema.parse(JSON.parse(d))),
      bufferedAmount: () => 0,
      close: () => {},
    });
    hub.tick();
    hub.message(c, JSON.stringify({ type: 'subscribe', channels: ['kpi/yiwu-customs'] }));
    now.t += 4500; // four and a half seconds without a tick
    hub.tick();
    const append = sent.filter((m) => m.type === 'append').at(-1);
    const t0 = Date.UTC(2026, 10, 23, 8) / 1000;
    expect(append?.type === 'append' && append.kind === 'kpi' && append.frame.t).toEqual([
      t0 + 1,
      t0 + 2,
      t0 + 3,
      t0 + 4,
    ]);
    expect(hub.kpiRows('yiwu-customs')?.t.slice(-5)).toEqual([t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4]);
  });
});

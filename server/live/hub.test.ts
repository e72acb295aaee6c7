// The hub's contract without sockets: snapshots on subscribe, one shared frame per channel per tick,
// slow consumers cut at the cap, bad messages answered with errors.
import { describe, expect, it } from 'vitest';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { closeCodes } from '../../shared/live/protocol';
import { recordingSocket, testHub, testKpis } from './testing/test-hub';

function makeHub(now: { t: number }, maxClients = 100) {
  const kpis = testKpis();
  const hub = testHub({
    kpis,
    maxBufferedBytes: 1000,
    maxClients,
    now: () => now.t,
  });
  return { hub, kpis };
}

const parse = (s: string): ServerMessage => serverMessageSchema.parse(JSON.parse(s));

describe('LiveHub', () => {
  it('sends hello and status on connect and a snapshot per subscribed channel', () => {
    const now = { t: Date.UTC(2026, 10, 23, 8) };
    const { hub } = makeHub(now);
    const s = recordingSocket();
    const c = hub.connect(s);
    hub.message(c, JSON.stringify({ type: 'subscribe', channels: ['kpi/hgh-xiasha', 'events/hgh-xiasha'] }));
    expect(s.sent.map(parse).map((m) => m.type)).toEqual(['hello', 'status', 'snapshot', 'snapshot']);
  });

  it('broadcasts one identical frame per channel per tick to every subscriber', () => {
    const now = { t: Date.UTC(2026, 10, 23, 8) };
    const { hub } = makeHub(now);
    const a = recordingSocket();
    const b = recordingSocket();
    for (const s of [a, b])
      hub.message(hub.connect(s), JSON.stringify({ type: 'subscribe', channels: ['kpi/yiwu-customs'] }));
    const before = [a.sent.length, b.sent.length];
    now.t += 1000;
    hub.tick();
    hub.tick(); // same second: no second KPI row
    const appends = a.sent.slice(before[0]).filter((f) => parse(f).type === 'append');
    expect(appends.length).toBe(1);
    expect(b.sent.filter((f) => f === appends[0]).length).toBe(1); // the very same serialised frame
    const msg = parse(appends[0]!);
    expect(msg.type === 'append' && msg.kind === 'kpi' && msg.frame.t).toEqual([Math.floor(now.t / 1000)]);
  });

  it('cuts a client whose send queue is over the cap', () => {
    const now = { t: Date.UTC(2026, 10, 23, 8) };
    const { hub } = makeHub(now);
    let queued = 0;
    const slow = recordingSocket(() => queued);
    const c = hub.connect(slow);
    hub.message(c, JSON.stringify({ type: 'subscribe', channels: ['kpi/yiwu-customs'] }));
    queued = 5000;
    now.t += 1000;
    hub.tick();
    expect(slow.closed?.[0]).toBe(closeCodes.slowConsumer);
    expect(hub.clientCount).toBe(0);
    expect(hub.counters.slowConsumersCut).toBe(1);
  });

  it('refuses clients past the configured maximum', () => {
    const now = { t: Date.UTC(2026, 10, 23, 8) };
    const { hub } = makeHub(now, 1);
    hub.connect(recordingSocket());
    const second = recordingSocket();
    hub.connect(second);
    expect(second.closed?.[0]).toBe(closeCodes.tooManyClients);
  });

  it('answers invalid messages with an error and rate-limits floods', () => {
    const now = { t: Date.UTC(2026, 10, 23, 8) };
    const { hub } = makeHub(now);
    const s = recordingSocket();
    const c = hub.connect(s);
    hub.message(c, '{"type":"subscribe","channels":[]}');
    expect(parse(s.sent.at(-1)!)).toMatchObject({ type: 'error', code: 'invalid' });
    for (let i = 0; i < 60; i++) hub.message(c, '{"type":"ping"}');
    expect(parse(s.sent.at(-1)!)).toMatchObject({ type: 'error', code: 'rate_limited' });
  });
});

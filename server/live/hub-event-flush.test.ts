// Events go out as soon as ingest hands them over (durable), not on the next tick: one frame per channel per
// event-loop turn, so batches that complete together still share a frame.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { defaultSites } from '../../shared/sites/default-sites';
import { siteRegistrySchema } from '../../shared/sites/registry';
import { RollingKpis } from '../kpis/rolling-kpis';
import { LiveHub } from './hub';

const sites = siteRegistrySchema.parse(defaultSites);
const T0 = Date.UTC(2026, 10, 23, 8);
const nextTurn = () => new Promise((r) => setImmediate(r));
const accepted = (events: PortEvent[]) =>
  events.map((event, seq) => ({ seq, point: pointFromEvent(event), event }));

function setup() {
  const hub = new LiveHub({
    sites,
    kpis: new RollingKpis(sites.map((s) => s.id)),
    snapshotSeconds: 60,
    maxBufferedBytes: 1 << 30,
    maxClients: 10,
    version: 'test',
    storage: () => ({ kind: 'embedded', lagEvents: 0 }),
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
  return { hub, follow };
}

describe('LiveHub event flush', () => {
  it('sends the events of one turn in one frame per channel, without waiting for a tick', async () => {
    const { hub, follow } = setup();
    const xiasha = follow('events/hgh-xiasha');
    const yiwu = follow('events/yiwu-customs');
    hub.onEvents(accepted([gateScan({ time: T0 - 100, site: 'hgh-xiasha', plate: 'A' })]));
    hub.onEvents(accepted([gateScan({ time: T0 - 50, site: 'hgh-xiasha', plate: 'B' })]));
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
    hub.onEvents(accepted([gateScan({ time: T0 - 100, site: 'hgh-xiasha' })]));
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
    hub.onEvents(accepted([gateScan({ time: T0 - 100, site: 'hgh-xiasha' })]));
    await nextTurn();
    expect([...a.appends(), ...b.appends()]).toEqual([]);
  });
});

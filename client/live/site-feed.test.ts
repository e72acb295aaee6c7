// Switching sites never mixes two sites' data, and the freshness shown comes from the server's clock.
import { describe, expect, it } from 'vitest';
import { kpiColumns } from '../../shared/live/kpi-columns';
import type { ServerMessage } from '../../shared/live/messages';
import { SiteFeed, toSharedOrder } from './site-feed';

function fakeConnection() {
  let listener: (m: ServerMessage) => void = () => {};
  const subscriptions: string[][] = [];
  const resyncs: string[][] = [];
  return {
    subscriptions,
    resyncs,
    push: (m: ServerMessage) => listener(m),
    onMessage(l: (m: ServerMessage) => void) {
      listener = l;
      return () => {};
    },
    setSubscriptions(c: readonly string[]) {
      subscriptions.push([...c]);
    },
    resync(c: readonly string[]) {
      resyncs.push([...c]);
    },
  };
}

const kpiFrame = (t: number[], v: number | null) => ({ t, values: kpiColumns.map(() => t.map(() => v)) });

describe('SiteFeed', () => {
  it('subscribes the site channels and ignores frames still in flight from the previous site', () => {
    const conn = fakeConnection();
    const feed = new SiteFeed(conn);
    feed.setSite('a');
    conn.push({ type: 'snapshot', channel: 'kpi/a', kind: 'kpi', frame: kpiFrame([1, 2], 5) });
    expect(feed.kpis.latest(0)).toBe(5);
    feed.setSite('b');
    expect(conn.subscriptions).toEqual([
      ['kpi/a', 'events/a', 'alerts/a'],
      ['kpi/b', 'events/b', 'alerts/b'],
    ]);
    expect(feed.kpis.length).toBe(0);
    conn.push({ type: 'append', channel: 'kpi/a', kind: 'kpi', frame: kpiFrame([3], 7) });
    expect(feed.kpis.length).toBe(0);
    conn.push({ type: 'append', channel: 'kpi/b', kind: 'kpi', frame: kpiFrame([3], null) });
    expect(feed.kpis.length).toBe(1);
    expect(feed.kpis.latest(0)).toBeNull();
  });

  it('asks for a resync of the KPI channel when an append leaves a gap, once until the snapshot comes', () => {
    const conn = fakeConnection();
    const feed = new SiteFeed(conn);
    feed.setSite('a');
    conn.push({ type: 'snapshot', channel: 'kpi/a', kind: 'kpi', frame: kpiFrame([1, 2], 5) });
    conn.push({ type: 'append', channel: 'kpi/a', kind: 'kpi', frame: kpiFrame([3], 5) });
    expect(conn.resyncs).toEqual([]);
    // Rows 4 and 5 never came (a frame dropped as invalid): ask for the snapshot again, once.
    conn.push({ type: 'append', channel: 'kpi/a', kind: 'kpi', frame: kpiFrame([6], 5) });
    conn.push({ type: 'append', channel: 'kpi/a', kind: 'kpi', frame: kpiFrame([8], 5) });
    expect(conn.resyncs).toEqual([['kpi/a']]);
    conn.push({
      type: 'snapshot',
      channel: 'kpi/a',
      kind: 'kpi',
      frame: kpiFrame([1, 2, 3, 4, 5, 6, 7, 8], 5),
    });
    expect(feed.kpiResyncs).toBe(1);
    conn.push({ type: 'append', channel: 'kpi/a', kind: 'kpi', frame: kpiFrame([10], 5) });
    expect(conn.resyncs).toEqual([['kpi/a'], ['kpi/a']]);
  });

  it('measures the age of the newest event on the server clock', () => {
    const conn = fakeConnection();
    const feed = new SiteFeed(conn);
    feed.setSite('a');
    expect(feed.dataAgeMs()).toBeUndefined();
    const serverNow = Date.now() + 3_600_000; // server clock one hour ahead of ours
    conn.push({
      type: 'status',
      serverTime: serverNow,
      lastEventAt: { a: serverNow - 4000, b: serverNow },
      influxLagEvents: 0,
      storage: 'embedded',
    });
    expect(Math.round((feed.dataAgeMs() ?? 0) / 1000)).toBe(4);
  });

  it('sizes its history from hello.limits and reorders frames announced in another column order', () => {
    const conn = fakeConnection();
    const feed = new SiteFeed(conn);
    conn.push({
      type: 'hello',
      serverTime: Date.now(),
      version: 't',
      sites: [],
      kpiColumns: [...kpiColumns].reverse(),
      limits: { snapshotSeconds: 900, maxChannels: 64 },
    });
    expect(feed.kpis.maxAgeSeconds).toBe(900);
    const values = kpiColumns.map((_, i) => [i]);
    const reordered = toSharedOrder({ t: [1], values }, [...kpiColumns].reverse());
    expect(reordered.values[0]).toEqual([kpiColumns.length - 1]);
  });

  it('lets events and cleared alerts a day older than the server clock go, and says so to the views', () => {
    const conn = fakeConnection();
    const feed = new SiteFeed(conn);
    const changes: string[] = [];
    feed.onChange((c) => changes.push(c));
    feed.setSite('a');
    const t0 = Date.UTC(2026, 10, 23, 8);
    const scan = {
      measurement: 'gate_scan' as const,
      time: t0,
      site: 'a',
      gate: 'G1',
      lane: 'L1',
      direction: 'in' as const,
      subject: 'staff' as const,
      result: 'released' as const,
      rural: false,
      plate: '',
      badge: 'B1',
      processing_ms: 900,
      parcels: 0,
    };
    conn.push({ type: 'snapshot', channel: 'events/a', kind: 'events', events: [scan] });
    expect(feed.events.list('gate_scan')).toHaveLength(1);
    changes.length = 0;
    const status = (serverTime: number) =>
      conn.push({
        type: 'status',
        serverTime,
        lastEventAt: { a: t0 },
        influxLagEvents: 0,
        storage: 'embedded',
      });
    status(t0 + 23 * 3_600_000);
    expect(feed.events.list('gate_scan')).toHaveLength(1);
    expect(changes).toEqual(['status']);
    status(t0 + 25 * 3_600_000);
    expect(feed.events.list('gate_scan')).toEqual([]);
    expect(changes).toEqual(['status', 'events', 'status']);
  });
});

// Late data (a collector's backlog) makes drawn KPI rows wrong: the repair recomputes the rows from the
// earliest late event's minute on, leaves the older ones alone, fills holes, and snapshots subscribers.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { rowsToFrame } from './kpi-history';
import { testHub, testKpis } from './testing/test-hub';

const SITE = 'yiwu-customs';
const T0 = Date.UTC(2026, 10, 23, 8);

function setup() {
  const now = { t: T0 };
  const kpis = testKpis();
  const hub = testHub({
    kpis,
    snapshotSeconds: 600,
    now: () => now.t,
  });
  const sent: ServerMessage[] = [];
  const client = hub.connect({
    send: (d) => sent.push(serverMessageSchema.parse(JSON.parse(d))),
    bufferedAmount: () => 0,
    close: () => {},
  });
  hub.message(client, JSON.stringify({ type: 'subscribe', channels: [`kpi/${SITE}`] }));
  const ingest = (events: PortEvent[]) => {
    const accepted = events.map((event, seq) => ({ seq, point: pointFromEvent(event), event }));
    kpis.onEvents(accepted);
    hub.onEvents(accepted, 'live');
  };
  /** Ticks once per second for `seconds`, with one gate scan half a second before each tick. */
  const run = (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      now.t += 1000;
      ingest([gateScan({ time: now.t - 500, site: SITE, processing_ms: 2000 + i * 100 })]);
      hub.tick();
    }
  };
  /** What a rebuild of the whole window would hold: a fresh row per second, as a frame. */
  const fresh = (fromS: number, toS: number) =>
    rowsToFrame(
      Array.from(
        { length: toS - fromS + 1 },
        (_, i) => [fromS + i, kpis.row(SITE, (fromS + i) * 1000)] as const,
      ),
    );
  return { now, hub, kpis, sent, ingest, run, fresh };
}

const slice = (f: { t: number[]; values: (number | null)[][] }, from: number, to = f.t.length) => ({
  t: f.t.slice(from, to),
  values: f.values.map((v) => v.slice(from, to)),
});

describe('LiveHub late-data repair', () => {
  it('recomputes the rows from the late minute on, keeps the older ones, and snapshots subscribers', () => {
    const { now, hub, sent, ingest, run, fresh } = setup();
    hub.backfillHistory();
    run(300);
    const before = hub.kpiRows(SITE)!;
    const lateAt = now.t - 200_000 - 400; // far behind the drawn rows
    ingest([gateScan({ time: lateAt, site: SITE, processing_ms: 50_000 })]);
    now.t += 1000;
    hub.tick(); // the first repair runs at once
    const after = hub.kpiRows(SITE)!;
    const nowS = Math.floor(now.t / 1000);
    expect(after.t).toEqual(fresh(nowS - 599, nowS).t); // one row per second of the window
    const fromS = Math.floor(lateAt / 60_000) * 60;
    const kept = after.t.indexOf(fromS);
    expect(kept).toBeGreaterThan(0);
    // Rows before the late minute are what the ticks drew, untouched; from it on, what a rebuild computes.
    expect(slice(after, 0, kept)).toEqual(
      slice(before, before.t.indexOf(after.t[0]!), before.t.indexOf(fromS)),
    );
    expect(slice(after, kept)).toEqual(fresh(fromS, nowS));
    const snapshot = sent.filter((m) => m.type === 'snapshot' && m.kind === 'kpi').at(-1);
    expect(snapshot?.type === 'snapshot' && snapshot.kind === 'kpi' && snapshot.frame.t.at(0)).toBe(
      nowS - 599,
    );
  });

  it('fills a hole a stalled tick left, as a rebuild of the whole window would', () => {
    const { now, hub, ingest, run, fresh } = setup();
    hub.backfillHistory();
    run(10);
    now.t += 120_000; // the event loop stalled for two minutes: the next tick fills only MAX_FILL_S
    run(1);
    const withHole = hub.kpiRows(SITE)!.t;
    expect(withHole.every((t, i) => i === 0 || t === withHole[i - 1]! + 1)).toBe(false);
    ingest([gateScan({ time: now.t - 60_000, site: SITE })]); // late, but after the hole
    run(5);
    const nowS = Math.floor(now.t / 1000);
    expect(hub.kpiRows(SITE)!.t).toEqual(fresh(nowS - 599, nowS).t);
  });

  it('answers a history request or a new subscriber with repaired rows, not waiting for the periodic repair', () => {
    const { now, hub, sent, ingest, run, fresh } = setup();
    hub.backfillHistory();
    run(300);
    ingest([gateScan({ time: now.t - 250_000, site: SITE, processing_ms: 40_000 })]);
    now.t += 1000;
    hub.tick(); // a periodic repair: the next one is LATE_REPAIR_MS away
    const lateAt = now.t - 100_000;
    ingest([gateScan({ time: lateAt, site: SITE, processing_ms: 60_000, parcels: 999 })]);
    const nowS = Math.floor(now.t / 1000);
    const fromS = Math.floor(lateAt / 60_000) * 60;
    const snapshotsBefore = sent.filter((m) => m.type === 'snapshot').length;

    const second: ServerMessage[] = [];
    const late = hub.connect({
      send: (d) => second.push(serverMessageSchema.parse(JSON.parse(d))),
      bufferedAmount: () => 0,
      close: () => {},
    });
    hub.message(late, JSON.stringify({ type: 'subscribe', channels: [`kpi/${SITE}`] }));
    const snapshot = second.find((m) => m.type === 'snapshot');
    const frame = snapshot?.type === 'snapshot' && snapshot.kind === 'kpi' ? snapshot.frame : undefined;
    expect(slice(frame!, frame!.t.indexOf(fromS))).toEqual(fresh(fromS, nowS));
    expect(second.filter((m) => m.type === 'snapshot')).toHaveLength(1); // no second copy for the newcomer
    // The subscriber that was already there gets the repaired rows too.
    expect(sent.filter((m) => m.type === 'snapshot')).toHaveLength(snapshotsBefore + 1);
    const rows = hub.kpiRows(SITE)!;
    expect(slice(rows, rows.t.indexOf(fromS))).toEqual(fresh(fromS, nowS));
  });
});

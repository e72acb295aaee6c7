// A KPI snapshot (an hour of rows) is made once per revision of the site's history and shared by every client
// subscribing meanwhile; a new row, a late-data repair or a resync after them gets a fresh one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { gateScan } from '../../shared/events/testing/event-builders';
import type { ServerMessage } from '../../shared/live/messages';
import { KpiHistory } from './kpi-history';
import { recordingSocket, testHub, testKpis } from './testing/test-hub';

const SITE = 'hgh-xiasha';
afterEach(() => vi.restoreAllMocks());

function setup() {
  const now = { t: Date.UTC(2026, 11, 3, 8) };
  const kpis = testKpis();
  const hub = testHub({ kpis, snapshotSeconds: 600, maxMessagesPer10s: 1000, now: () => now.t });
  hub.backfillHistory();
  const frames = vi.spyOn(KpiHistory.prototype, 'frame');
  const subscribe = () => {
    const socket = recordingSocket();
    const client = hub.connect(socket);
    socket.received(); // hello and status
    hub.message(client, JSON.stringify({ type: 'subscribe', channels: [`kpi/${SITE}`] }));
    const [snapshot] = socket.received();
    return snapshot as Extract<ServerMessage, { type: 'snapshot'; kind: 'kpi' }>;
  };
  return { hub, now, kpis, frames, subscribe };
}

describe('LiveHub KPI snapshots', () => {
  it('are made once for the clients subscribing before the next row, and again after it', () => {
    const { hub, now, frames, subscribe } = setup();
    const first = subscribe();
    expect(first.frame.t).toHaveLength(600);
    for (let i = 0; i < 4; i++) expect(subscribe()).toEqual(first);
    expect(frames).toHaveBeenCalledTimes(1);

    now.t += 1000;
    hub.tick(); // a new row
    const next = subscribe();
    expect(frames).toHaveBeenCalledTimes(2);
    expect(next.frame.t.at(-1)).toBe(first.frame.t.at(-1)! + 1);
    expect(subscribe()).toEqual(next);
    expect(frames).toHaveBeenCalledTimes(2);
  });

  it('are made again after late data repaired the rows they hold', () => {
    const { hub, now, kpis, subscribe } = setup();
    const before = subscribe();
    const at = now.t - 120_000;
    const event = gateScan({ site: SITE, time: at, direction: 'in' });
    const accepted = [{ seq: 1, point: pointFromEvent(event), event }];
    kpis.onEvents(accepted);
    hub.onEvents(accepted, 'live');
    const after = subscribe(); // the subscribe repairs the late rows first
    expect(after).not.toEqual(before);
    const i = after.frame.t.indexOf(Math.floor(at / 1000) + 1);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(after.frame.values.some((col, k) => col[i] !== before.frame.values[k]![i])).toBe(true);
  });
});

// GET /api/kpis/history through app.request(): the live frame shape, small payloads, and rows that say what
// happened at that time (flows per minute and staff on site 20 h ago, not only now).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateScan } from '../../../shared/events/gate-scan';
import { gateScan } from '../../../shared/events/testing/event-builders';
import { kpiColumns } from '../../../shared/live/kpi-columns';
import { type KpiHistoryResponse, kpiHistoryResponseSchema } from '../../../shared/live/kpi-history';
import type { createApp } from '../../app';
import type { ServerParts } from '../../start-server';
import { startTestApp } from '../../testing/test-app';

const HOUR = 3_600_000;
let parts: ServerParts;
let close: () => Promise<void>;
let app: ReturnType<typeof createApp>;
const nowMs = Date.now();
/** A minute 20 h ago (its start, ms) in which 3 trucks came in. */
const busyMinute = Math.floor((nowMs - 20 * HOUR) / 60_000) * 60_000;

const scan = (time: number, over: Partial<GateScan> = {}) =>
  gateScan({ time, site: 'hgh-xiasha', plate: `浙A${time % 100_000}`, parcels: 10, ...over });
const staff = (time: number, direction: 'in' | 'out') =>
  scan(time, { subject: 'staff', plate: '', badge: 'B-7', direction, parcels: 0 });

beforeAll(async () => {
  ({ parts, app, close } = await startTestApp());
  const events = [
    scan(busyMinute + 5_000),
    scan(busyMinute + 25_000),
    scan(busyMinute + 59_000),
    staff(nowMs - 18 * HOUR, 'in'),
    staff(nowMs - 10 * HOUR, 'out'),
    scan(nowMs - 2000),
  ];
  const res = await app.request('/api/events', { method: 'POST', body: JSON.stringify(events) });
  expect(res.status).toBe(204);
});
afterAll(() => close());

async function history(query: string): Promise<KpiHistoryResponse> {
  const res = await app.request(`/api/kpis/history?${query}`);
  expect(res.status).toBe(200);
  return kpiHistoryResponseSchema.parse(await res.json());
}
const column = (h: KpiHistoryResponse, c: (typeof kpiColumns)[number]) =>
  h.frame.values[kpiColumns.indexOf(c)]!;
const at = (h: KpiHistoryResponse, t: number, c: (typeof kpiColumns)[number]) =>
  column(h, c)[h.frame.t.indexOf(t)];

describe('GET /api/kpis/history', () => {
  it('returns 24 h as one row per minute, each the last second of its minute', async () => {
    const h = await history('site=hgh-xiasha&range=24h');
    expect(h.resolution).toBe(60);
    expect(h.frame.t).toHaveLength(1440);
    expect(h.frame.t.every((t, i) => t % 60 === 59 && (i === 0 || t - h.frame.t[i - 1]! === 60))).toBe(true);
    expect(h.frame.values.every((col) => col.length === 1440)).toBe(true);
    expect(h.kpiColumns).toEqual([...kpiColumns]);
    expect(JSON.stringify(h).length).toBeLessThan(300_000);
  });

  it('says how many trucks came in during a minute 20 h ago, and who was on site then', async () => {
    const h = await history('site=hgh-xiasha&range=24h');
    const minuteEnd = busyMinute / 1000 + 59;
    expect(at(h, minuteEnd, 'vehicles_in_per_min')).toBe(3);
    expect(at(h, minuteEnd + 60, 'vehicles_in_per_min')).toBe(0);
    expect(at(h, minuteEnd, 'sla_share')).toBe(1);
    const staffAt = (hoursAgo: number) => {
      const t = Math.floor((nowMs - hoursAgo * HOUR) / 60_000) * 60 + 59;
      return at(h, t, 'staff_on_site');
    };
    expect(staffAt(23)).toBeNull(); // before the first badge scan: no data, not 0
    expect(staffAt(15)).toBe(1);
    expect(staffAt(5)).toBe(0);
  });

  it('answers again at once, and takes in data that arrives late', async () => {
    const minuteEnd = busyMinute / 1000 + 59;
    const before = at(await history('site=hgh-xiasha&range=24h'), minuteEnd, 'vehicles_in_per_min');
    const late = await app.request('/api/events', {
      method: 'POST',
      body: JSON.stringify([scan(busyMinute + 30_000)]),
    });
    expect(late.status).toBe(204);
    expect(at(await history('site=hgh-xiasha&range=24h'), minuteEnd, 'vehicles_in_per_min')).toBe(
      before! + 1,
    );
  });

  it('returns 15 min and 1 h every second, ending now, matching the live channel rows', async () => {
    parts.hub.tick();
    const h = await history('site=hgh-xiasha&range=15m');
    expect(h.resolution).toBe(1);
    expect(h.frame.t).toHaveLength(900);
    expect(h.to - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(0);
    const live = parts.hub.kpiRows('hgh-xiasha', h.from - 1)!;
    const t = live.t.at(-1)!; // the hub's newest row (the request may have run in a later second)
    const r = h.frame.t.indexOf(t);
    expect(r).toBeGreaterThanOrEqual(0);
    expect(h.frame.values.map((col) => col[r])).toEqual(live.values.map((col) => col.at(-1)));
    expect((await history('site=hgh-xiasha&range=1h')).frame.t).toHaveLength(3600);
  });

  it('rejects an unknown range or site with the one error shape', async () => {
    const bad = await app.request('/api/kpis/history?site=hgh-xiasha&range=7d');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid', message: expect.stringMatching(/range/) });
    const unknown = await app.request('/api/kpis/history?site=nowhere&range=1h');
    expect(unknown.status).toBe(404);
  });
});

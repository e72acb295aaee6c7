// GET /api/kpis/network: every site's live row (equal to /api/kpis/live of that site), newest event and active
// alerts by severity, in registry order; sites without data have null KPIs, never 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateScan, weighbridgeReading } from '../../../shared/events/testing/event-builders';
import { networkResponseSchema } from '../../../shared/live/network';
import type { createApp } from '../../app';
import type { ServerParts } from '../../start-server';
import { startTestApp } from '../../testing/test-app';
import { liveKpisResponseSchema } from './current-kpis';

let parts: ServerParts;
let close: () => Promise<void>;
let app: ReturnType<typeof createApp>;
const now = Date.now();

beforeAll(async () => {
  ({ parts, app, close } = await startTestApp());
  const events = [
    ...Array.from({ length: 12 }, (_, i) =>
      gateScan({
        time: now - 5_000 - i * 100,
        site: 'yiwu-customs',
        plate: `浙G${i}`,
        processing_ms: i < 9 ? 4000 : 14_000,
      }),
    ),
    // 6 axles, 62 t gross: over the 49 t limit, an overweight alert (warning or critical by the excess).
    weighbridgeReading({
      time: now - 4_000,
      site: 'hgh-xiasha',
      axles: 6,
      gross_kg: 62_000,
      tare_kg: 16_000,
      net_kg: 46_000,
      rated_payload_kg: 31_500,
    }),
  ];
  expect((await app.request('/api/events', { method: 'POST', body: JSON.stringify(events) })).status).toBe(
    204,
  );
});
afterAll(() => close());

describe('GET /api/kpis/network', () => {
  it('gives every site in registry order, each row equal to /api/kpis/live of that site', async () => {
    const res = await app.request('/api/kpis/network');
    expect(res.status).toBe(200);
    const body = networkResponseSchema.parse(await res.json());
    expect(body.sites.map((s) => s.site)).toEqual(parts.deps.sites.map((s) => s.id));
    for (const entry of body.sites) {
      const live = liveKpisResponseSchema.parse(
        await (await app.request(`/api/kpis/live?site=${entry.site}`)).json(),
      );
      expect(entry.kpis, entry.site).toEqual(live.kpis);
      expect(entry.lastEventAt).toBe(live.lastEventAt);
    }
    const yiwu = body.sites.find((s) => s.site === 'yiwu-customs')!;
    expect(yiwu.kpis.vehicles_in_per_min).toBe(12);
    expect(yiwu.kpis.sla_share).toBeCloseTo(9 / 12);
    const quiet = body.sites.find((s) => s.site === 'hrb-harbin')!;
    expect(quiet.kpis.vehicles_in_per_min).toBeNull();
    expect(quiet.lastEventAt).toBeNull();
  });

  it('gives the sites of one region with ?region=, and refuses an unknown region', async () => {
    const body = networkResponseSchema.parse(
      await (await app.request('/api/kpis/network?region=east')).json(),
    );
    const east = parts.deps.sites.filter((s) => s.region === 'east').map((s) => s.id);
    expect(body.sites.map((s) => s.site)).toEqual(east);
    const bad = await app.request('/api/kpis/network?region=south');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/region must be one of east, central, west, northeast/);
  });

  it('counts active alerts by severity, as /api/alerts lists them', async () => {
    const body = networkResponseSchema.parse(await (await app.request('/api/kpis/network')).json());
    for (const entry of body.sites) {
      const alerts = (await (await app.request(`/api/alerts?site=${entry.site}`)).json()) as {
        active: { severity: string }[];
      };
      expect(entry.alerts.warning + entry.alerts.critical, entry.site).toBe(alerts.active.length);
      expect(entry.alerts.critical).toBe(alerts.active.filter((a) => a.severity === 'critical').length);
    }
    const hgh = body.sites.find((s) => s.site === 'hgh-xiasha')!;
    expect(hgh.alerts.warning + hgh.alerts.critical).toBe(1);
  });
});

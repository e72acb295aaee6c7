// GET /api/kpis/rolling: the last 60 min or 24 h against the same window 7 days earlier, per site, region or
// all sites, with the windows stated; and a clear 400 for each bad parameter.
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortEvent } from '../../../shared/events/event';
import { gateScan } from '../../../shared/events/testing/event-builders';
import { rollingResponseSchema } from '../../../shared/indices/api';
import { startTestApp } from '../../testing/test-app';
import { postEvents } from './testing/index-fixture';

const MIN = 60_000;
const WEEK = 7 * 24 * 60 * MIN;
let close: () => Promise<void>;
let app: Hono;
const now = Date.now();

const scan = (site: string, ago: number, parcels: number, processing_ms: number) =>
  gateScan({ time: now - ago, site, plate: `浙A${parcels}${ago}`, parcels, processing_ms });
const departure = (site: string, airport: string, ago: number, delayMin: number): PortEvent => ({
  measurement: 'flight_departure',
  time: now - ago,
  site,
  airport,
  carrier: 'CZ',
  destination: 'LAX',
  flight_no: `CZ${ago % 10_000}`,
  sobt: now - ago - delayMin * MIN,
  aobt: now - ago,
  cargo_kg: 50_000,
  capacity_kg: 100_000,
  parcels: 1000,
});

beforeAll(async () => {
  ({ app, close } = await startTestApp());
  await postEvents(app, [
    scan('hgh-xiasha', 10 * MIN, 120, 4000),
    scan('hgh-xiasha', 20 * MIN, 60, 12_000),
    scan('hgh-xiasha', 5 * 60 * MIN, 300, 4000), // in the 24 h window only
    scan('hgh-xiasha', WEEK + 10 * MIN, 100, 4000),
    scan('hgh-xiasha', WEEK + 5 * 60 * MIN, 100, 4000),
    scan('hrb-harbin', 15 * MIN, 50, 4000),
    departure('can-baiyun', 'CAN', 30 * MIN, 5),
    departure('can-baiyun', 'CAN', WEEK + 30 * MIN, 30),
  ]);
});
afterAll(() => close());

const rolling = async (query: string) => {
  const res = await app.request(`/api/kpis/rolling?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return rollingResponseSchema.parse(await res.json());
};

describe('GET /api/kpis/rolling', () => {
  it('compares the last 60 minutes of a site with the same 60 minutes a week before', async () => {
    const r = await rolling('window=60m&site=hgh-xiasha');
    expect(r.window).toBe('60m');
    expect(Date.parse(r.current.to) - Date.parse(r.current.from)).toBe(60 * MIN);
    expect(Date.parse(r.current.from) - Date.parse(r.base.from)).toBe(WEEK);
    // Whole minutes only: the window ends where the minute in progress begins.
    const asked = Date.now();
    expect(Date.parse(r.current.to) % MIN).toBe(0);
    expect(Date.parse(r.current.to)).toBeLessThanOrEqual(asked);
    expect(Date.parse(r.current.to)).toBeGreaterThan(asked - 2 * MIN);
    expect(r.indices.volume).toEqual({ value: 180, metric: 180, base_metric: 100, reason: null });
    expect(r.indices.gate_timeliness).toMatchObject({ metric: 0.5, base_metric: 1, value: 50 });
    expect(r.indices.staffing.reason).toBe('no data in the window: no released staff entries');
  });

  it('widens to 24 h and adds the raw sums of every site for all sites', async () => {
    const site = await rolling('window=24h&site=hgh-xiasha');
    expect(site.indices.volume).toMatchObject({ metric: 480, base_metric: 200, value: 240 });
    const all = await rolling('window=24h');
    expect(all.scope.kind).toBe('all');
    expect(all.indices.volume).toMatchObject({ metric: 480 + 50 + 1000, base_metric: 200 + 1000 });
    expect(all.indices.flight_punctuality).toMatchObject({ metric: 1, base_metric: 0, value: null });
    expect(all.indices.flight_punctuality.reason).toBe(
      'the metric is 0 in the base window (7 days earlier), so no ratio',
    );
  });

  it('weights the composite as asked', async () => {
    const r = await rolling('window=24h&site=hgh-xiasha&weights=volume:1,gate_timeliness:1');
    const expected = (r.indices.volume.value! + r.indices.gate_timeliness.value!) / 2;
    expect(r.indices.composite.value).toBeCloseTo(expected, 9);
  });

  it('answers for a region', async () => {
    const r = await rolling('window=60m&region=northeast');
    expect(r.scope).toMatchObject({ kind: 'region', sites: ['hrb-harbin'] });
    expect(r.indices.volume).toMatchObject({ metric: 50, base_metric: null, value: null });
  });

  const cases: [string, RegExp][] = [
    ['', /window must be one of 60m, 24h/],
    ['window=2h', /window must be one of 60m, 24h/],
    ['window=60m&site=nowhere', /unknown site "nowhere"/],
    ['window=60m&site=', /site must not be empty/],
    ['window=60m&weights=volume:x', /weights: volume must be a number/],
    ['window=60m&site=hgh-xiasha&region=east', /not both/],
    ['window=60m&month=2025-07', /unknown parameter "month"/],
  ];
  for (const [query, message] of cases) {
    it(`400 for "${query}"`, async () => {
      const res = await app.request(`/api/kpis/rolling?${query}`);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(message);
    });
  }
});

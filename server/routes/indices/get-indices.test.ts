// GET /api/indices through app.request(): every scope and base parameter against the brute-force reference,
// nulls with reasons, the partial month, and a clear 400 for each bad parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicesResponseSchema } from '../../../shared/indices/api';
import { addMonths } from '../../../shared/indices/calendar';
import { indexNames } from '../../../shared/indices/metrics';
import type { Reference } from '../../rollups/testing/brute-force';
import { type IndexFixture, indexFixture } from './testing/index-fixture';

let f: IndexFixture;
beforeAll(async () => {
  f = await indexFixture();
});
afterAll(() => f.close());

async function indices(query: string) {
  const res = await f.get(`/api/indices?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return indicesResponseSchema.parse(await res.json());
}

function expectMatches(got: Awaited<ReturnType<typeof indices>>, want: Reference) {
  for (const name of indexNames) {
    for (const key of ['value', 'change', 'metric'] as const) {
      const [g, w] = [got.indices[name][key], want[name][key]];
      if (w === null) expect(g, `${name}.${key}`).toBeNull();
      else expect(g, `${name}.${key}`).toBeCloseTo(w, 6);
    }
  }
}

describe('GET /api/indices', () => {
  it('answers for all sites by default, year-on-year, equal to the brute-force reference', async () => {
    const month = addMonths(f.currentMonth, -1);
    const r = await indices(`month=${month}`);
    expect(r.month).toBe(month);
    expect(r.scope).toMatchObject({ kind: 'all', id: null, name: 'All sites' });
    expect(r.scope.sites).toHaveLength(f.parts.deps.sites.length);
    expect(r.base).toEqual({ mode: 'yoy', month: addMonths(month, -12) });
    expect(r.partial).toBe(false);
    expectMatches(r, f.reference().indices(r.scope.sites, month));
    expect(r.indices.composite.value).not.toBeNull();
  });

  it('answers for a region and for a site, adding raw sums of the sites in scope', async () => {
    const month = addMonths(f.currentMonth, -2);
    const region = await indices(`month=${month}&region=east`);
    expect(region.scope).toMatchObject({ kind: 'region', id: 'east', name: 'east region' });
    expect(region.scope.sites).toEqual(['hgh-xiasha', 'yiwu-customs', 'can-baiyun', 'xmn-gaoqi']);
    expectMatches(region, f.reference().indices(region.scope.sites, month));
    const site = await indices(`month=${month}&site=hgh-xiasha&base=yoy`);
    expect(site.scope).toMatchObject({ kind: 'site', id: 'hgh-xiasha', sites: ['hgh-xiasha'] });
    expect(site.scope.name).toContain('杭州下沙跨境电商园');
    expectMatches(site, f.reference().indices(['hgh-xiasha'], month));
  });

  it('uses a fixed base month when asked', async () => {
    const base = addMonths(f.currentMonth, -20);
    const month = addMonths(f.currentMonth, -3);
    const r = await indices(`month=${month}&region=central&base=${base}`);
    expect(r.base).toEqual({ mode: 'fixed', month: base });
    expectMatches(r, f.reference().indices(r.scope.sites, month, base));
    const self = await indices(`month=${base}&region=central&base=${base}`);
    expect(self.indices.volume.value).toBeCloseTo(100, 9);
  });

  it('weights the composite as asked', async () => {
    const month = addMonths(f.currentMonth, -1);
    const r = await indices(`month=${month}&weights=volume:1,load_rate:3`);
    const expected = (r.indices.volume.value! + 3 * r.indices.load_rate.value!) / 4;
    expect(r.indices.composite.value).toBeCloseTo(expected, 9);
  });

  it('gives weights that would overflow (1e308 each) the composite of equal finite weights', async () => {
    const month = addMonths(f.currentMonth, -1);
    const huge = await indices(`month=${month}&weights=volume:1e308,gate_timeliness:1e308`);
    const equal = await indices(`month=${month}&weights=volume:1,gate_timeliness:1`);
    expect(equal.indices.composite.value).not.toBeNull();
    expect(huge.indices.composite).toEqual(equal.indices.composite);
  });

  it('says the current month is partial', async () => {
    const r = await indices(`month=${f.currentMonth}`);
    expect(r.partial).toBe(true);
    expect(r.indices.volume.metric).not.toBeNull();
  });

  it('gives null with a reason for a missing month, a missing base and a site without flights', async () => {
    const missing = await indices(`month=${f.missingMonth}&site=hrb-harbin`);
    expect(missing.indices.volume).toMatchObject({ value: null, metric: null });
    expect(missing.indices.volume.reason).toBe(
      `no data in ${f.missingMonth}: no released vehicle gate scans or departures`,
    );
    const later = addMonths(f.missingMonth, 12);
    const noBase = await indices(`month=${later}&site=hrb-harbin`);
    expect(noBase.indices.staffing.value).toBeNull();
    expect(noBase.indices.staffing.reason).toBe(
      `no data in base month ${f.missingMonth}: no released staff entries`,
    );
    expect(noBase.indices.flight_punctuality.reason).toMatch(/no flight departures/);
    const tooEarly = await indices(`month=${addMonths(f.currentMonth, -30)}`);
    expect(tooEarly.indices.composite).toMatchObject({
      value: null,
      reason: 'no weighted sub-index has a value',
    });
  });
});

describe('GET /api/indices: bad parameters', () => {
  const cases: [string, RegExp][] = [
    ['', /month is required \(YYYY-MM\)/],
    ['month=2025-13', /month must be a month as YYYY-MM \(e\.g\. 2025-07\), got "2025-13"/],
    ['month=2025/07', /got "2025\/07"/],
    ['month=2025-07&site=nowhere', /unknown site "nowhere"/],
    ['month=2025-07&region=south', /unknown region "south"; use one of east, central, west, northeast/],
    ['month=2025-07&site=hgh-xiasha&region=east', /site or region, not both/],
    ['month=2025-07&base=lastyear', /base must be "yoy" or a month YYYY-MM, got "lastyear"/],
    ['month=2999-01', /month 2999-01 has not started yet/],
    ['month=0000-01', /month 0000-01 is before 2000-01: events are accepted from 2000-01-01 on/],
    ['month=0001-01', /month 0001-01 is before 2000-01/],
    ['month=1999-12', /month 1999-12 is before 2000-01/],
    ['month=2025-07&base=0000-01', /base 0000-01 is before 2000-01/],
    ['month=2025-07&base=2999-01', /base 2999-01 has not started yet/],
    ['month=2025-07&weights=volume:x', /weights: volume must be a number/],
    ['month=2025-07&mnth=2025-07', /unknown parameter "mnth"; accepted: month, site, region, base, weights/],
  ];
  for (const [query, message] of cases) {
    it(`400 for "${query}"`, async () => {
      const res = await f.get(`/api/indices?${query}`);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.code).toBe('invalid');
      expect(body.message).toMatch(message);
      expect(body.requestId).toBeTruthy();
    });
  }
});

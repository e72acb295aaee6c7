// The engine (rollups + shared formulas) against a brute-force reference over raw events: two years of
// seeded data at sites in every region, one site in another zone, sites without flights, missing months,
// leap February 2024 and a partial current month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MonthKey, monthRange } from '../../shared/indices/calendar';
import { indexNames } from '../../shared/indices/metrics';
import { type BaseRule, monthlyIndices } from '../../shared/indices/monthly';
import { regions } from '../../shared/sites/regions';
import { silentLogger } from '../logger';
import { tempDir } from '../testing/test-config';
import { RollupStore } from './rollup-store';
import { scopeMonths } from './scope-month-data';
import { BruteForce } from './testing/brute-force';
import { acceptedEvents, memoryLog } from './testing/memory-log';
import { syntheticEvents, syntheticSites } from './testing/synthetic-events';

const sites = syntheticSites();
const now = Date.parse('2025-09-15T04:00:00Z'); // 12:00 on the 15th in Shanghai, 10:00 in Urumqi
const events = syntheticEvents({
  seed: 20250915,
  sites,
  fromMs: Date.parse('2023-10-01T00:00:00+08:00'),
  toMs: now,
  meanGapMinutes: 45,
  gaps: [
    {
      site: 'hrb-test',
      fromMs: Date.parse('2024-05-01T00:00:00+08:00'),
      toMs: Date.parse('2024-06-01T00:00:00+08:00'),
    },
    {
      site: 'ctu-test',
      fromMs: Date.parse('2025-02-01T00:00:00+08:00'),
      toMs: Date.parse('2025-03-01T00:00:00+08:00'),
    },
  ],
});
const reference = new BruteForce(events, (id) => sites.find((s) => s.id === id)!.timezone, now);
const months = monthRange('2023-10', '2025-09');
const scopes: [string, string[]][] = [
  ['all', sites.map((s) => s.id)],
  ...regions.map((r): [string, string[]] => [r, sites.filter((s) => s.region === r).map((s) => s.id)]),
  ...sites.map((s): [string, string[]] => [s.id, [s.id]]),
];

let dir: ReturnType<typeof tempDir>;
let store: RollupStore;
beforeAll(async () => {
  dir = tempDir();
  store = await RollupStore.open({ dir: dir.path, sites, log: memoryLog(), logger: silentLogger });
  store.onEvents(acceptedEvents(events), 'live');
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

function expectSame(actual: number | null, expected: number | null, label: string) {
  if (expected === null) return expect(actual, label).toBeNull();
  expect(actual, label).not.toBeNull();
  expect(Math.abs(actual! - expected), label).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

const engine = (siteIds: string[], month: MonthKey, rule: BaseRule) =>
  monthlyIndices(month, rule, scopeMonths(store, siteIds, now).data);

describe('engine against the brute-force reference', () => {
  it('has the synthetic data it needs (every region, some nulls, some values)', () => {
    expect(events.length).toBeGreaterThan(150_000);
    for (const r of regions) expect(sites.some((s) => s.region === r)).toBe(true);
  });

  for (const rule of [{ mode: 'yoy' }, { mode: 'fixed', month: '2024-03' }] as BaseRule[]) {
    it(`agrees on every index, scope and month (${rule.mode})`, () => {
      let compared = 0;
      let nulls = 0;
      for (const [scope, siteIds] of scopes) {
        for (const month of months) {
          const got = engine(siteIds, month, rule);
          const want = reference.indices(siteIds, month, rule.mode === 'fixed' ? rule.month : undefined);
          for (const name of indexNames) {
            const label = `${scope} ${month} ${name}`;
            expectSame(got.indices[name].value, want[name].value, `${label} value`);
            expectSame(got.indices[name].change, want[name].change, `${label} change`);
            expectSame(got.indices[name].metric, want[name].metric, `${label} metric`);
            if (got.indices[name].value === null) nulls++;
            compared++;
          }
        }
      }
      expect(compared).toBe(scopes.length * months.length * indexNames.length);
      expect(nulls).toBeGreaterThan(0);
      expect(compared - nulls).toBeGreaterThan(compared / 3);
    });
  }

  it('divides leap February 2024 by 29 days and the current month by the days elapsed', () => {
    const data = scopeMonths(store, ['hgh-test'], now).data;
    expect(data('2024-02')).toMatchObject({ days: 29, partial: false });
    expect(data('2025-02')).toMatchObject({ days: 28, partial: false });
    expect(data('2025-09')).toMatchObject({ days: 15, partial: true });
    expect(engine(['hgh-test'], '2025-09', { mode: 'yoy' }).partial).toBe(true);
    expect(scopeMonths(store, ['hgh-test'], now).currentMonth).toBe('2025-09');
  });

  it('gives null with a reason for a missing month and for a missing base', () => {
    const missing = engine(['hrb-test'], '2024-05', { mode: 'fixed', month: '2024-03' });
    expect(missing.indices.volume.reason).toBe(
      'no data in 2024-05: no released vehicle gate scans or departures',
    );
    expect(missing.indices.composite.value).toBeNull();
    const noBase = engine(['hrb-test'], '2025-05', { mode: 'yoy' });
    expect(noBase.indices.volume.metric).not.toBeNull();
    expect(noBase.indices.volume.reason).toBe(
      'no data in base month 2024-05: no released vehicle gate scans or departures',
    );
    const region = engine(['hrb-test', 'dlc-test'], '2024-05', { mode: 'fixed', month: '2024-03' });
    expect(region.indices.volume.value).not.toBeNull();
  });

  it('gives flight punctuality null at a site without flights, and a composite of the others', () => {
    const r = engine(['hgh-test'], '2025-07', { mode: 'yoy' });
    expect(r.indices.flight_punctuality).toMatchObject({
      value: null,
      reason: 'no data in 2025-07: no flight departures',
    });
    expect(r.indices.composite.value).not.toBeNull();
  });
});

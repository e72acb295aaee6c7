import { describe, expect, it } from 'vitest';
import { kpiColumns } from '../../../shared/live/kpi-columns';
import type { NetworkSite } from '../../../shared/live/network';
import type { Region } from '../../../shared/sites/regions';
import { density, regionTotals, tileFigures, wallPages } from './network-figures';

const row = (over: Partial<NetworkSite['kpis']> = {}) =>
  ({ ...Object.fromEntries(kpiColumns.map((c) => [c, null])), ...over }) as NetworkSite['kpis'];
const site = (over: Partial<NetworkSite> = {}): NetworkSite => ({
  site: 's',
  kpis: row(),
  lastEventAt: null,
  alerts: { warning: 0, critical: 0 },
  ...over,
});

describe('network figures', () => {
  it('adds vehicles in and out; no data stays no data, never 0', () => {
    const now = 1_000_000;
    expect(
      tileFigures(site({ kpis: row({ vehicles_in_per_min: 4, vehicles_out_per_min: 3 }) }), now, 30_000)
        .vehiclesPerMin,
    ).toBe(7);
    expect(tileFigures(site({ kpis: row({ vehicles_in_per_min: 4 }) }), now, 30_000).vehiclesPerMin).toBe(4);
    const none = tileFigures(site(), now, 30_000);
    expect(none.vehiclesPerMin).toBeNull();
    expect(none.freshness).toBe('none');
  });

  it('is stale once the newest event is older than the limit', () => {
    expect(tileFigures(site({ lastEventAt: 970_000 }), 1_000_000, 30_000).freshness).toBe('fresh');
    const stale = tileFigures(site({ lastEventAt: 969_999 }), 1_000_000, 30_000);
    expect(stale.freshness).toBe('stale');
    expect(stale.ageMs).toBe(30_001);
  });

  it('totals a region: sums of counts, the lowest SLA share, alerts and sites not fresh', () => {
    const now = 1_000_000;
    const tiles = [
      site({
        kpis: row({ vehicles_in_per_min: 5, sla_share: 0.97, staff_on_site: 10 }),
        lastEventAt: now,
        alerts: { warning: 1, critical: 0 },
      }),
      site({
        kpis: row({ vehicles_out_per_min: 2, sla_share: 0.81 }),
        lastEventAt: now - 60_000,
        alerts: { warning: 0, critical: 2 },
      }),
      site(),
    ].map((s) => tileFigures(s, now, 30_000));
    expect(regionTotals('east', tiles)).toEqual({
      region: 'east',
      sites: 3,
      vehiclesPerMin: 7,
      staffOnSite: 10,
      lowestSla: 0.81,
      alerts: { warning: 1, critical: 2 },
      notFresh: 2,
    });
  });

  it('makes tiles denser as their number grows', () => {
    expect([7, 12, 13, 40, 41, 100].map(density)).toEqual([
      'roomy',
      'roomy',
      'compact',
      'compact',
      'dense',
      'dense',
    ]);
  });

  it('keeps a small network on one wall page and pages a large one by region, splitting a big region', () => {
    const seven = new Map<Region, string[]>([
      ['east', ['a', 'b', 'c', 'd']],
      ['central', ['e']],
      ['west', ['f']],
      ['northeast', ['g']],
    ]);
    expect(wallPages(seven, 48)).toHaveLength(1);
    const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const hundred = new Map<Region, string[]>([
      ['west', ids(20, 'w')],
      ['east', ids(60, 'e')],
      ['northeast', ids(8, 'n')],
      ['central', ids(12, 'c')],
    ]);
    const pages = wallPages(hundred, 48);
    expect(pages.map((p) => p.groups.map((g) => `${g.region}:${g.sites.length}`).join())).toEqual([
      'east:48',
      'east:12',
      'central:12',
      'west:20',
      'northeast:8',
    ]);
  });
});

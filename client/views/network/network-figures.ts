// The figures of the network overview, DOM-free: a site tile's numbers from its /api/kpis/network row, the
// totals of a region (sums of counts; the lowest SLA share, since shares of different sites do not add up),
// how dense the tiles must be for the number shown, and the wall's pages when not all sites fit one screen.
import type { NetworkSite } from '../../../shared/live/network';
import { type Region, regions } from '../../../shared/sites/regions';

export type Freshness = 'fresh' | 'stale' | 'none';

export interface TileFigures {
  /** Released vehicle scans in and out over the last minute; null when neither stream has data. */
  vehiclesPerMin: number | null;
  slaShare: number | null;
  staffOnSite: number | null;
  loadRate: number | null;
  alerts: { warning: number; critical: number };
  /** Age of the newest event (ms); undefined before any. */
  ageMs: number | undefined;
  freshness: Freshness;
}

const sumOrNull = (values: (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
};

export function tileFigures(s: NetworkSite, now: number, staleAfterMs: number): TileFigures {
  const ageMs = s.lastEventAt === null ? undefined : Math.max(0, now - s.lastEventAt);
  return {
    vehiclesPerMin: sumOrNull([s.kpis.vehicles_in_per_min, s.kpis.vehicles_out_per_min]),
    slaShare: s.kpis.sla_share,
    staffOnSite: s.kpis.staff_on_site,
    loadRate: s.kpis.load_rate_1h,
    alerts: s.alerts,
    ageMs,
    freshness: ageMs === undefined ? 'none' : ageMs > staleAfterMs ? 'stale' : 'fresh',
  };
}

export interface RegionTotals {
  region: Region;
  sites: number;
  vehiclesPerMin: number | null;
  staffOnSite: number | null;
  /** The lowest SLA share of the region's sites (the one to look at), null when none has one. */
  lowestSla: number | null;
  alerts: { warning: number; critical: number };
  /** Sites whose data is stale or that have none. */
  notFresh: number;
}

export function regionTotals(region: Region, tiles: TileFigures[]): RegionTotals {
  const slas = tiles.map((t) => t.slaShare).filter((v): v is number => v !== null);
  return {
    region,
    sites: tiles.length,
    vehiclesPerMin: sumOrNull(tiles.map((t) => t.vehiclesPerMin)),
    staffOnSite: sumOrNull(tiles.map((t) => t.staffOnSite)),
    lowestSla: slas.length === 0 ? null : Math.min(...slas),
    alerts: {
      warning: tiles.reduce((n, t) => n + t.alerts.warning, 0),
      critical: tiles.reduce((n, t) => n + t.alerts.critical, 0),
    },
    notFresh: tiles.filter((t) => t.freshness !== 'fresh').length,
  };
}

/** Tile size class for the number of tiles on screen: roomy up to 12, compact up to 40, dense beyond. */
export function density(tiles: number): 'roomy' | 'compact' | 'dense' {
  return tiles <= 12 ? 'roomy' : tiles <= 40 ? 'compact' : 'dense';
}

export interface WallPage {
  /** Regions on this page, each with its site ids (a large region may span pages). */
  groups: { region: Region; sites: string[] }[];
}

/**
 * The wall's pages: everything on one page when it fits `perPage` tiles; otherwise one page per region, a region
 * larger than a page split over several (registry order kept).
 */
export function wallPages(byRegion: Map<Region, string[]>, perPage: number): WallPage[] {
  const groups = regions
    .map((region) => ({ region, sites: byRegion.get(region) ?? [] }))
    .filter((g) => g.sites.length > 0);
  const total = groups.reduce((n, g) => n + g.sites.length, 0);
  if (total <= perPage) return [{ groups }];
  const pages: WallPage[] = [];
  for (const g of groups)
    for (let i = 0; i < g.sites.length; i += perPage)
      pages.push({ groups: [{ region: g.region, sites: g.sites.slice(i, i + perPage) }] });
  return pages;
}

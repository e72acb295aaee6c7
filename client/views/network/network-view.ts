// The network overview (?view=network) and its wall mode (&mode=wall): every site as a tile grouped by region
// (east, central, west, northeast) with regional totals on top, refreshed from GET /api/kpis/network every
// couple of seconds; a tile opens that site's operator view. Tiles shrink as their number grows; a region
// filter (&region=) narrows the page; on the wall, when the sites do not fit one screen, pages cycle by region.
import './network.css';
import '../live-views.css';
import '../wall/wall.css';
import type { NetworkResponse, NetworkSite } from '../../../shared/live/network';
import { type Region, regions } from '../../../shared/sites/regions';
import type { SiteInfo } from '../../../shared/sites/registry';
import { fetchNetwork } from '../../api/network';
import { fetchSites } from '../../api/sites';
import { t } from '../../i18n/i18n';
import { createLanguageSwitch } from '../controls';
import { el, setText } from '../dom';
import { formatTime } from '../format';
import { viewNav } from '../view-nav';
import { writeUrlParam } from '../view-params';
import { createWallHeader } from '../wall/wall-header';
import {
  density,
  regionTotals,
  type TileFigures,
  tileFigures,
  type WallPage,
  wallPages,
} from './network-figures';
import { createRegionSummary } from './region-summary';
import { createSiteTile, type SiteTile } from './site-tile';

export const NETWORK_REFRESH_MS = 2000;
const DEFAULT_WALL_ROTATE_S = 20;
const TIME_ZONE = 'Asia/Shanghai';

export interface NetworkViewOptions {
  wall: boolean;
  staleAfterMs: number;
  rotateSeconds: number | undefined;
}

export interface NetworkView {
  /** What the tiles show now (for the console and browser tests). */
  debug(): { response: NetworkResponse | undefined; page: number; pages: number };
  destroy(): void;
}

const regionFromUrl = (): Region | undefined => {
  const r = new URLSearchParams(location.search).get('region');
  return regions.find((x) => x === r);
};

export function mountNetworkView(root: HTMLElement, opts: NetworkViewOptions): NetworkView {
  let sites: SiteInfo[] = [];
  let response: NetworkResponse | undefined;
  let filter = opts.wall ? undefined : regionFromUrl();
  let pages: WallPage[] = [];
  let page = 0;
  let pageShownAt = Date.now();
  let failed: string | undefined;
  const tiles = new Map<string, SiteTile>();
  const summary = createRegionSummary();
  const sections = el('div', { class: 'net-regions', 'aria-label': t('net.aria') });
  const error = el('p', { class: 'net-error', role: 'alert', hidden: '' });
  const main = el(
    'main',
    { class: 'network', 'data-testid': 'network-view', 'data-state': 'loading' },
    error,
    summary.element,
    sections,
  );
  const wallHeader = opts.wall ? createWallHeader() : undefined;
  const updated = el('span', { class: 'net-updated', 'data-testid': 'net-updated' });
  const filterBar = el('nav', { class: 'net-filter', 'aria-label': t('net.filter') });

  if (wallHeader) root.replaceChildren(wallHeader.element, main);
  else
    root.replaceChildren(
      el(
        'header',
        { class: 'top' },
        el('h1', {}, 'portpulse', el('span', { class: 'subtitle' }, ` · ${t('app.network')}`)),
        viewNav('network'),
        createLanguageSwitch(),
        filterBar,
        updated,
      ),
      main,
    );

  function renderFilter(): void {
    const button = (value: Region | undefined, label: string) => {
      const b = el(
        'button',
        { type: 'button', 'data-region': value ?? 'all', 'aria-pressed': String(filter === value) },
        label,
      );
      b.addEventListener('click', () => {
        filter = value;
        writeUrlParam('region', value ?? '');
        renderFilter();
        layout();
      });
      return b;
    };
    const present = regions.filter((r) => sites.some((s) => s.region === r));
    filterBar.replaceChildren(
      button(undefined, t('net.all')),
      ...present.map((r) => button(r, t(`region.${r}`))),
    );
  }

  const tileFor = (s: SiteInfo) => {
    let tile = tiles.get(s.id);
    if (!tile) {
      tile = createSiteTile(s);
      tiles.set(s.id, tile);
    }
    return tile;
  };

  /** Which sites are on screen, grouped by region, for the filter or the wall page. */
  function shownGroups(): { region: Region; sites: SiteInfo[] }[] {
    const byId = new Map(sites.map((s) => [s.id, s]));
    if (opts.wall) {
      const current = pages[page] ?? { groups: [] };
      return current.groups.map((g) => ({ region: g.region, sites: g.sites.map((id) => byId.get(id)!) }));
    }
    return regions
      .filter((r) => filter === undefined || r === filter)
      .map((region) => ({ region, sites: sites.filter((s) => s.region === region) }))
      .filter((g) => g.sites.length > 0);
  }

  let capacity = 0;
  function layout(): void {
    if (opts.wall) {
      capacity = wallCapacity();
      placeTiles();
      fitWall();
    } else placeTiles();
  }

  /** The estimate assumed a tile size: while the page runs off the screen, put fewer tiles on a page. */
  function fitWall(): void {
    if (!opts.wall) return;
    for (let i = 0; i < 8 && capacity > 4 && overflows(); i++) {
      capacity = Math.floor(capacity * 0.85);
      placeTiles();
    }
  }

  function overflows(): boolean {
    const last = sections.querySelector('.net-region:last-child .net-tile:last-child');
    return last !== null && last.getBoundingClientRect().bottom > window.innerHeight;
  }

  function placeTiles(): void {
    if (opts.wall) {
      const byRegion = new Map<Region, string[]>();
      for (const s of sites) byRegion.set(s.region, [...(byRegion.get(s.region) ?? []), s.id]);
      pages = wallPages(byRegion, capacity);
      page = Math.max(0, Math.min(page, pages.length - 1));
    }
    const groups = shownGroups();
    // The wall sizes tiles for the whole network (its pages then hold as many as fit), a desk for what it shows.
    main.dataset.density = density(opts.wall ? sites.length : groups.reduce((n, g) => n + g.sites.length, 0));
    sections.replaceChildren(
      ...groups.map((g) => {
        const section = el(
          'section',
          { class: 'net-region', 'data-region': g.region, 'data-testid': 'net-region' },
          el('h2', {}, t(`region.${g.region}`)),
          el('div', { class: 'net-grid' }, ...g.sites.map((s) => tileFor(s).element)),
        );
        section.style.setProperty('--tiles', String(g.sites.length)); // CSSOM: allowed by the CSP
        return section;
      }),
    );
    render();
  }

  function render(): void {
    const now = response?.at ?? Date.now();
    const rows = new Map<string, NetworkSite>((response?.sites ?? []).map((s) => [s.site, s]));
    const figures = new Map<string, TileFigures>();
    for (const s of sites) {
      const r = rows.get(s.id);
      if (!r) continue;
      const f = tileFigures(r, now, opts.staleAfterMs);
      figures.set(s.id, f);
      tiles.get(s.id)?.update(f);
    }
    const groups = opts.wall ? regions.map((region) => ({ region })) : shownGroups();
    summary.update(
      groups
        .map((g) => g.region)
        .filter(
          (r) => sites.some((s) => s.region === r) && (opts.wall || filter === undefined || r === filter),
        )
        .map((r) =>
          regionTotals(
            r,
            sites.filter((s) => s.region === r).flatMap((s) => figures.get(s.id) ?? []),
          ),
        ),
    );
    error.hidden = failed === undefined;
    setText(error, failed === undefined ? '' : t('net.unavailable', { error: failed }));
    main.dataset.state = response ? 'ready' : failed ? 'error' : 'loading';
    if (response)
      setText(updated, t('net.updated', { time: formatTime(response.at, TIME_ZONE, response.at, true) }));
    refreshWallHeader();
  }

  function refreshWallHeader(): void {
    if (!wallHeader) return;
    const now = Date.now();
    const newest = Math.max(...(response?.sites ?? []).map((s) => s.lastEventAt ?? Number.NEGATIVE_INFINITY));
    const rotateMs = (opts.rotateSeconds ?? DEFAULT_WALL_ROTATE_S) * 1000;
    const current = pages[page];
    const regionNames = current?.groups.map((g) => t(`region.${g.region}`)).join(' · ') ?? '';
    wallHeader.update({
      title: `${t('net.title', { n: sites.length })}${pages.length > 1 ? ` · ${regionNames}` : ''}`,
      timeZone: TIME_ZONE,
      now,
      connection: failed ? 'closed' : response ? 'open' : 'connecting',
      dataAgeMs: Number.isFinite(newest) ? Math.max(0, now - newest) : undefined,
      stale: Number.isFinite(newest) ? now - newest > opts.staleAfterMs : false,
      page:
        pages.length > 1
          ? {
              n: page + 1,
              total: pages.length,
              nextInS: Math.max(0, Math.ceil((pageShownAt + rotateMs - now) / 1000)),
            }
          : undefined,
    });
  }

  /** Tiles that fit the wall screen at the dense size (about 220 × 130 px below the header and totals). */
  function wallCapacity(): number {
    const cols = Math.max(3, Math.floor(window.innerWidth / 220));
    const rows = Math.max(2, Math.floor((window.innerHeight - 380) / 130));
    return cols * rows;
  }

  const controller = new AbortController();
  async function refresh(): Promise<void> {
    try {
      response = await fetchNetwork(controller.signal);
      failed = undefined;
    } catch (e) {
      if (controller.signal.aborted) return;
      failed = e instanceof Error ? e.message : String(e);
    }
    render();
    fitWall(); // figures can make tiles taller than the empty ones the pages were cut for
  }

  fetchSites(controller.signal)
    .then((list) => {
      sites = list;
      renderFilter();
      layout();
      return refresh();
    })
    .catch((e: unknown) => {
      if (controller.signal.aborted) return;
      failed = e instanceof Error ? e.message : String(e);
      render();
    });
  const poll = setInterval(() => void refresh(), NETWORK_REFRESH_MS);
  const ticker = setInterval(() => {
    if (
      opts.wall &&
      pages.length > 1 &&
      Date.now() - pageShownAt >= (opts.rotateSeconds ?? DEFAULT_WALL_ROTATE_S) * 1000
    ) {
      page = (page + 1) % pages.length;
      pageShownAt = Date.now();
      main.dataset.page = String(page + 1);
      layout();
    } else refreshWallHeader();
  }, 1000);
  const onResize = () => layout();
  window.addEventListener('resize', onResize);

  return {
    debug: () => ({ response, page: page + 1, pages: Math.max(1, pages.length) }),
    destroy() {
      controller.abort();
      clearInterval(poll);
      clearInterval(ticker);
      window.removeEventListener('resize', onResize);
    },
  };
}

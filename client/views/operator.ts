// The operator view: one site at a time (switchable, kept in ?site=), live KPI tiles, charts and boards.
// Data arrives through a SiteFeed; the DOM is touched at most once per animation frame.
import type { SiteInfo } from '../../shared/sites/registry';
import { frameCoalescer } from '../charts/frame-coalescer';
import type { LiveConnection } from '../live/connection';
import { type FeedChange, SiteFeed } from '../live/site-feed';
import { el } from './dom';
import { createChartGrid } from './operator/chart-grid';
import { createDeparturesBoard } from './operator/departures-board';
import { createHeader } from './operator/header';
import { createKpiTiles } from './operator/kpi-tiles';
import { siteFromUrl, writeSiteToUrl } from './operator/site-url';
import { createWeighbridgePanel } from './operator/weighbridge-panel';

export interface OperatorView {
  /** The site list (from GET /api/sites or the hello message); picks the URL's site or the first one. */
  setSites(sites: readonly SiteInfo[]): void;
  destroy(): void;
}

export function mountOperatorView(root: HTMLElement, connection: LiveConnection): OperatorView {
  const feed = new SiteFeed(connection);
  let sites: readonly SiteInfo[] = [];
  const siteInfo = () => sites.find((s) => s.id === feed.site);
  const timeZone = () => siteInfo()?.timezone ?? 'Asia/Shanghai';

  const header = createHeader((id) => selectSite(id, 'push'));
  const tiles = createKpiTiles();
  const charts = createChartGrid();
  const weighbridge = createWeighbridgePanel();
  const departures = createDeparturesBoard();
  const main = el(
    'main',
    { class: 'operator', 'data-testid': 'operator-view' },
    tiles.element,
    charts.element,
    el('div', { class: 'boards' }, weighbridge.element, departures.element),
  );
  root.replaceChildren(header.element, main);

  const dirty = new Set<FeedChange>();
  const render = frameCoalescer(() => {
    if (dirty.has('site')) charts.reset(timeZone());
    if (dirty.has('site') || dirty.has('kpi')) {
      tiles.update(feed.kpis);
      charts.update(feed.kpis);
    }
    if (dirty.has('site') || dirty.has('events')) renderBoards();
    dirty.clear();
  });
  const unsubscribeFeed = feed.onChange((change) => {
    dirty.add(change);
    render.request();
  });

  function renderBoards() {
    const now = Date.now() + feed.clockOffsetMs;
    weighbridge.update(feed.events.list('weighbridge'), timeZone(), now);
    departures.update(
      feed.events.list('flight_departure'),
      timeZone(),
      now,
      siteInfo()?.airport !== undefined,
    );
  }

  function selectSite(id: string, urlMode: 'push' | 'replace') {
    if (!sites.some((s) => s.id === id)) return;
    writeSiteToUrl(id, urlMode);
    main.dataset.site = id;
    feed.setSite(id);
    header.setSites(sites, id);
    refreshStatus();
  }

  function refreshStatus() {
    const retryIn =
      connection.retryAt === undefined ? undefined : Math.max(0, connection.retryAt - Date.now());
    header.setConnection(connection.state, retryIn);
    header.setDataAge(feed.dataAgeMs(), feed.site === undefined ? undefined : timeZone());
  }

  const unsubscribeState = connection.onState(refreshStatus);
  const unsubscribeHello = connection.onMessage((m) => {
    if (m.type === 'hello' && m.sites.length > 0) view.setSites(m.sites);
  });
  const ticker = setInterval(refreshStatus, 1000);
  const onPopState = () => {
    const id = siteFromUrl();
    if (id) selectSite(id, 'replace');
  };
  window.addEventListener('popstate', onPopState);
  refreshStatus();

  const view: OperatorView = {
    setSites(list) {
      sites = list;
      const wanted = feed.site ?? siteFromUrl();
      const id = list.some((s) => s.id === wanted) ? wanted! : list[0]?.id;
      header.setSites(sites, id);
      if (id !== undefined) selectSite(id, 'replace');
      else dirty.add('site'); // no sites at all: still draw empty panels
      render.request();
    },
    destroy() {
      clearInterval(ticker);
      window.removeEventListener('popstate', onPopState);
      unsubscribeFeed();
      unsubscribeState();
      unsubscribeHello();
      render.cancel();
    },
  };
  return view;
}

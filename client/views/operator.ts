// The operator view: one site at a time (switchable, kept in ?site=), a time range (?range=), live KPI
// tiles, charts joined to history, alerts, boards, and staleness shown page-wide and per panel.
// Data arrives through a SiteFeed owned by main.ts; the DOM is touched at most once per animation frame.
import type { HistoryRange } from '../../shared/live/kpi-history';
import { DEFAULT_TIME_ZONE, type SiteInfo } from '../../shared/sites/registry';
import type { LiveConnection } from '../live/connection';
import { KpiSeries } from '../live/kpi-series';
import type { SiteFeed } from '../live/site-feed';
import type { AlignedColumns } from '../live/stream-buffer';
import './live-views.css';
import { createAlertActions } from './alert-actions';
import { createAlertPanel } from './alert-panel';
import { createClusterHealth } from './cluster-health';
import { createLanguageSwitch, createRangePicker } from './controls';
import { el } from './dom';
import { createLiveStatus } from './live-status';
import { createAlertHistoryPanel } from './operator/alert-history-panel';
import { createChartGrid } from './operator/chart-grid';
import { createDeparturesBoard } from './operator/departures-board';
import { createHeader } from './operator/header';
import { createKpiTiles } from './operator/kpi-tiles';
import { createLanePanel } from './operator/lane-panel';
import { siteFromUrl, writeSiteToUrl } from './operator/site-url';
import { createWeighbridgePanel } from './operator/weighbridge-panel';
import { renderLoop } from './render-loop';
import { createStaleBanner, createStaleTag } from './stale-banner';
import { writeUrlParam } from './view-params';

export interface MountedView {
  /** The site list (from GET /api/sites or the hello message); picks the URL's site or the first one. */
  setSites(sites: readonly SiteInfo[]): void;
  /** What the charts were last given (tests and the console compare it with the API). */
  debug(): { charts: Record<string, AlignedColumns>; points?: Record<string, number[][]> };
  destroy(): void;
}

export interface ViewContext {
  connection: LiveConnection;
  feed: SiteFeed;
  sites: readonly SiteInfo[];
  staleAfterMs: number;
  range: HistoryRange;
}

export function mountOperatorView(root: HTMLElement, ctx: ViewContext): MountedView {
  const { connection, feed, staleAfterMs } = ctx;
  let sites = ctx.sites;
  const siteInfo = () => sites.find((s) => s.id === feed.site);
  const timeZone = () => siteInfo()?.timezone ?? DEFAULT_TIME_ZONE;
  const status = createLiveStatus(connection, feed, staleAfterMs);
  const series = new KpiSeries(feed, () => loop.markDirty('kpi'), ctx.range);

  const rangePicker = createRangePicker(ctx.range, (r) => {
    writeUrlParam('range', r);
    series.reset(r);
    loop.markDirty('kpi');
  });
  const header = createHeader((id) => selectSite(id, 'push'), rangePicker, createLanguageSwitch());
  const banner = createStaleBanner();
  const tiles = createKpiTiles();
  const charts = createChartGrid();
  const alertActions = createAlertActions(
    () => feed.site,
    timeZone,
    (id) => sites.find((s) => s.id === id)?.region ?? '',
    () => loop.markDirty('alerts'),
  );
  const alerts = createAlertPanel({ active: 8, recent: 3, actions: alertActions });
  const alertHistory = createAlertHistoryPanel(() => feed.site, timeZone);
  const lanes = createLanePanel(() => feed.site);
  const wbStale = createStaleTag('weighbridge');
  const depStale = createStaleTag('departures');
  const weighbridge = createWeighbridgePanel(wbStale.element);
  const departures = createDeparturesBoard(depStale.element);
  const main = el(
    'main',
    { class: 'operator', 'data-testid': 'operator-view' },
    banner.element,
    tiles.element,
    charts.element,
    el('div', { class: 'alerts-lanes' }, alerts.element, lanes.element),
    el('div', { class: 'boards' }, weighbridge.element, departures.element),
    alertHistory.element,
  );
  const clusterHealth = createClusterHealth();
  header.element.querySelector('.status')?.append(clusterHealth.element);
  root.replaceChildren(header.element, main);

  const loop = renderLoop(
    feed,
    () => series,
    (dirty) => {
      const now = feed.serverNow();
      if (dirty.has('site')) charts.reset(timeZone());
      if (dirty.has('site') || dirty.has('kpi')) {
        tiles.update(feed.kpis);
        charts.update(series, feed.events);
      }
      if (dirty.has('site') || dirty.has('events')) {
        weighbridge.update(feed.events.list('weighbridge'), timeZone(), now);
        const hasAirport = siteInfo()?.airport !== undefined;
        departures.update(feed.events.list('flight_departure'), timeZone(), now, hasAirport);
      }
      if (dirty.has('site') || dirty.has('alerts')) alerts.update(feed.alerts, timeZone(), now);
      if (dirty.has('alerts')) alertHistory.refreshSoon();
      // The header's data age and the stale tags move with the data, in the same frame as the boards (the
      // 1 s ticker only ages them while nothing arrives).
      if (dirty.has('events') || dirty.has('status')) refreshStatus();
    },
  );

  function selectSite(id: string, urlMode: 'push' | 'replace') {
    if (!sites.some((s) => s.id === id)) return;
    writeSiteToUrl(id, urlMode);
    main.dataset.site = id;
    const changed = feed.site !== id;
    feed.setSite(id);
    if (changed) series.reset();
    if (changed) lanes.refresh();
    if (changed) alertHistory.refresh();
    if (changed) alertActions.refreshSilences();
    header.setSites(sites, id);
    loop.markDirty('site');
    refreshStatus();
  }

  function refreshStatus() {
    header.setConnection(connection.state, status.retryInMs());
    clusterHealth.update(feed.cluster, feed.shippingLagEvents);
    const state = status.banner();
    banner.update(state, staleAfterMs, timeZone(), feed.serverNow());
    main.classList.toggle('is-not-live', state.kind === 'disconnected' || state.kind === 'connecting');
    header.setDataAge(
      feed.dataAgeMs(),
      state.kind === 'stale',
      feed.site === undefined ? undefined : timeZone(),
    );
    charts.setStale((s) => status.stream(s));
    wbStale.show(weighbridge.element, status.stream('weighbridge'));
    depStale.show(departures.element, status.stream('flights'));
  }

  const offState = connection.onState(refreshStatus);
  const ticker = setInterval(refreshStatus, 1000);
  const onPopState = () => {
    const id = siteFromUrl();
    if (id) selectSite(id, 'replace');
  };
  window.addEventListener('popstate', onPopState);

  const view: MountedView = {
    debug: () => ({ charts: charts.data(), points: charts.points() }),
    setSites(list) {
      sites = list;
      const wanted = feed.site ?? siteFromUrl();
      const id = list.some((s) => s.id === wanted) ? wanted! : list[0]?.id;
      header.setSites(sites, id);
      if (id !== undefined) selectSite(id, 'replace');
      else loop.markDirty('site'); // no sites at all: still draw empty panels
    },
    destroy() {
      clearInterval(ticker);
      window.removeEventListener('popstate', onPopState);
      loop.stop();
      lanes.destroy();
      alertHistory.destroy();
      alertActions.destroy();
      offState();
      status.destroy();
      series.dispose();
    },
  };
  const hadSite = feed.site !== undefined; // remounted (language switch): the feed kept its site and rows
  view.setSites(sites);
  if (hadSite) {
    series.reset();
    lanes.refresh();
    alertHistory.refresh();
    alertActions.refreshSilences();
  }
  refreshStatus();
  return view;
}

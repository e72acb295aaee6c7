// The wall / kiosk view (?mode=wall): full screen, dark, large type, no controls but a small acknowledge
// button on each active alert (a touch wall or a keyboard can acknowledge; rotation waits while its form
// is open). Shows one site's key
// figures, two charts and its alerts; with &rotate=<s> it cycles through the sites and the index summary.
// A clock with its time zone and the age of the newest data are always in view.

import { DEFAULT_TIME_ZONE } from '../../shared/sites/registry';
import { log } from '../log';
import './live-views.css';
import './wall/wall.css';
import type { IndicesResponse } from '../../shared/indices/api';
import type { KpiColumn } from '../../shared/live/kpi-columns';
import { currentMonth, fetchIndexSummary } from '../api/index-summary';
import { t } from '../i18n/i18n';
import { KpiSeries } from '../live/kpi-series';
import { createAlertActions } from './alert-actions';
import { createAlertPanel } from './alert-panel';
import { el } from './dom';
import { createLiveStatus } from './live-status';
import type { MountedView, ViewContext } from './operator';
import { createChartGrid } from './operator/chart-grid';
import { createKpiTiles } from './operator/kpi-tiles';
import { siteFromUrl } from './operator/site-url';
import { renderLoop } from './render-loop';
import { siteName } from './site-name';
import { createStaleBanner } from './stale-banner';
import { createIndexSummary } from './wall/index-summary';
import { type WallPage, WallRotation } from './wall/rotation';
import { createWallHeader } from './wall/wall-header';

const WALL_TILES: KpiColumn[] = [
  'vehicles_in_per_min',
  'vehicles_out_per_min',
  'processing_p95_ms',
  'sla_share',
  'staff_on_site',
  'load_rate_1h',
  'on_time_share_24h',
  'overweight_24h',
];
const INDEX_REFRESH_MS = 60_000;

export function mountWallView(
  root: HTMLElement,
  ctx: ViewContext & { rotateSeconds: number | undefined },
): MountedView {
  const { connection, feed, staleAfterMs, rotateSeconds } = ctx;
  let sites = ctx.sites;
  const status = createLiveStatus(connection, feed, staleAfterMs);
  const series = new KpiSeries(feed, () => loop.markDirty('kpi'), ctx.range);
  const header = createWallHeader();
  const banner = createStaleBanner();
  const tiles = createKpiTiles(WALL_TILES);
  const charts = createChartGrid({ only: ['gate-flow', 'processing'], fillHeight: true, fontPx: 18 });
  const alertActions = createAlertActions(
    () => feed.site,
    () => timeZone(),
    () => '',
    () => {},
    { ackOnly: true },
  );
  const alerts = createAlertPanel({ active: 4, recent: 0, actions: alertActions });
  const body = el('div', { class: 'wall-body' }, charts.element, alerts.element);
  const sitePage = el('div', { class: 'wall-site' }, tiles.element, body);
  const indexPage = createIndexSummary();
  const main = el(
    'main',
    { class: 'wall', 'data-testid': 'wall-view' },
    banner.element,
    sitePage,
    indexPage.element,
  );
  root.replaceChildren(header.element, main);
  let index: { data: IndicesResponse | undefined; at: number } | undefined;
  const rotation = new WallRotation(rotateSeconds, show);
  const siteInfo = () => sites.find((s) => s.id === feed.site);
  const timeZone = () => siteInfo()?.timezone ?? DEFAULT_TIME_ZONE;

  const loop = renderLoop(
    feed,
    () => series,
    (dirty) => {
      if (dirty.has('site')) charts.reset(timeZone());
      if (dirty.has('site') || dirty.has('kpi')) {
        tiles.update(feed.kpis);
        charts.update(series);
      }
      if (dirty.has('site') || dirty.has('alerts')) alerts.update(feed.alerts, timeZone(), feed.serverNow());
      if (dirty.has('events') || dirty.has('status')) refreshStatus(); // the data age moves with the data
    },
  );

  function loadIndex(): void {
    if (rotateSeconds === undefined || (index && Date.now() - index.at < INDEX_REFRESH_MS)) return;
    index = { data: index?.data, at: Date.now() };
    fetchIndexSummary(currentMonth(Date.now()))
      .then((data) => {
        const first = !index?.data;
        index = { data, at: Date.now() };
        if (first && sites.length > 0)
          rotation.setPages(
            sites.map((s) => s.id),
            true,
            siteFromUrl(),
          );
        if (rotation.page()?.kind === 'indices') indexPage.show(data);
      })
      .catch((e: unknown) => log('warn', 'index summary unavailable', { error: String(e) }));
  }

  function show(p: WallPage | undefined): void {
    sitePage.hidden = p?.kind !== 'site';
    indexPage.element.hidden = p?.kind !== 'indices';
    main.dataset.page = p?.kind === 'site' ? p.site : (p?.kind ?? '');
    if (p?.kind === 'site' && p.site !== feed.site) {
      feed.setSite(p.site);
      series.reset();
      loop.markDirty('site');
    }
    if (p?.kind === 'indices') indexPage.show(index?.data);
    refreshStatus();
  }

  function refreshStatus(): void {
    const onSite = rotation.page()?.kind !== 'indices';
    const state = status.banner();
    main.classList.toggle('is-not-live', state.kind === 'disconnected' || state.kind === 'connecting');
    const shown = onSite || state.kind === 'disconnected' ? state : { kind: 'ok' as const };
    banner.update(shown, staleAfterMs, timeZone(), feed.serverNow());
    const s = siteInfo();
    header.update({
      title: onSite ? (s ? siteName(s) : '') : t('idx.heading'),
      timeZone: onSite ? timeZone() : DEFAULT_TIME_ZONE,
      now: feed.serverNow(),
      connection: connection.state,
      dataAgeMs: feed.dataAgeMs(),
      stale: state.kind === 'stale',
      page: rotation.position(),
      cluster: feed.cluster,
    });
    charts.setStale((stream) => status.stream(stream));
  }

  const ticker = setInterval(() => {
    if (!alertActions.busy()) rotation.tick();
    refreshStatus();
  }, 1000);
  const offState = connection.onState(refreshStatus);
  const indexTimer = setInterval(loadIndex, INDEX_REFRESH_MS);
  loadIndex();

  const view: MountedView = {
    debug: () => ({ charts: charts.data(), points: charts.points() }),
    setSites(list) {
      sites = list;
      rotation.setPages(
        list.map((s) => s.id),
        index?.data !== undefined,
        siteFromUrl(),
      );
    },
    destroy() {
      clearInterval(ticker);
      clearInterval(indexTimer);
      alertActions.destroy();
      loop.stop();
      offState();
      status.destroy();
      series.dispose();
    },
  };
  const hadSite = feed.site !== undefined; // remounted (language switch): the feed kept its site and rows
  view.setSites(sites);
  if (hadSite) series.reset();
  return view;
}

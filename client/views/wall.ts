// The wall / kiosk view (?mode=wall): full screen, dark, large type, no controls. Shows one site's key
// figures, two charts and its alerts; with &rotate=<s> it cycles through the sites and the index summary.
// A clock with its time zone and the age of the newest data are always in view.
import type { IndicesResponse } from '../../shared/indices/api';
import type { KpiColumn } from '../../shared/live/kpi-columns';
import { currentMonth, fetchIndexSummary } from '../api/index-summary';
import { frameCoalescer } from '../charts/frame-coalescer';
import { t } from '../i18n/i18n';
import { KpiSeries } from '../live/kpi-series';
import type { FeedChange } from '../live/site-feed';
import './live-views.css';
import './wall/wall.css';
import { createAlertPanel } from './alert-panel';
import { el } from './dom';
import { createLiveStatus } from './live-status';
import type { MountedView, ViewContext } from './operator';
import { createChartGrid } from './operator/chart-grid';
import { createKpiTiles } from './operator/kpi-tiles';
import { siteFromUrl } from './operator/site-url';
import { siteName } from './site-name';
import { createStaleBanner } from './stale-banner';
import { createIndexSummary } from './wall/index-summary';
import { startPage, type WallPage, wallPages } from './wall/rotation';
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
  const series = new KpiSeries(feed, () => markDirty('kpi'), ctx.range);
  const header = createWallHeader();
  const banner = createStaleBanner();
  const tiles = createKpiTiles(WALL_TILES);
  const charts = createChartGrid({ only: ['gate-flow', 'processing'], fillHeight: true, fontPx: 18 });
  const alerts = createAlertPanel({ active: 5, recent: 0 });
  const sitePage = el(
    'div',
    { class: 'wall-site' },
    tiles.element,
    el('div', { class: 'wall-body' }, charts.element, alerts.element),
  );
  const indexPage = createIndexSummary();
  const main = el(
    'main',
    { class: 'wall', 'data-testid': 'wall-view' },
    banner.element,
    sitePage,
    indexPage.element,
  );
  root.replaceChildren(header.element, main);

  let pages: WallPage[] = [];
  let current = 0;
  let pageSince = Date.now();
  let index: { data: IndicesResponse | undefined; at: number } | undefined;
  const page = () => pages[current];
  const siteInfo = () => sites.find((s) => s.id === feed.site);
  const timeZone = () => siteInfo()?.timezone ?? 'Asia/Shanghai';

  const dirty = new Set<FeedChange>(['site']);
  const render = frameCoalescer(() => {
    if (dirty.has('site')) charts.reset(timeZone());
    if (dirty.has('site') || dirty.has('kpi')) {
      tiles.update(feed.kpis);
      charts.update(series);
    }
    if (dirty.has('site') || dirty.has('alerts')) alerts.update(feed.alerts, timeZone(), feed.serverNow());
    dirty.clear();
  });
  function markDirty(change: FeedChange) {
    dirty.add(change);
    render.request();
  }
  const offFeed = feed.onChange((change) => {
    if (change === 'kpi') series.check();
    markDirty(change);
  });

  function loadIndex(): void {
    if (index && Date.now() - index.at < INDEX_REFRESH_MS) return;
    index = { data: index?.data, at: Date.now() };
    fetchIndexSummary(currentMonth(Date.now()))
      .then((data) => {
        const first = !index?.data;
        index = { data, at: Date.now() };
        if (first) setPages();
        if (page()?.kind === 'indices') indexPage.show(data);
      })
      .catch((e: unknown) => console.warn('portpulse: index summary unavailable', e));
  }

  function setPages(): void {
    const shown = page();
    pages = wallPages(
      sites.map((s) => s.id),
      rotateSeconds !== undefined && index?.data !== undefined,
    );
    const keep = shown ? pages.findIndex((p) => JSON.stringify(p) === JSON.stringify(shown)) : -1;
    show(keep >= 0 ? keep : startPage(pages, siteFromUrl()));
  }

  function show(i: number): void {
    current = i;
    pageSince = Date.now();
    const p = page();
    sitePage.hidden = p?.kind !== 'site';
    indexPage.element.hidden = p?.kind !== 'indices';
    main.dataset.page = p?.kind === 'site' ? p.site : (p?.kind ?? '');
    if (p?.kind === 'site' && p.site !== feed.site) {
      feed.setSite(p.site);
      series.reset();
      markDirty('site');
    }
    if (p?.kind === 'indices') indexPage.show(index?.data);
    refreshStatus();
  }

  function refreshStatus(): void {
    if (rotateSeconds !== undefined && pages.length > 1 && Date.now() - pageSince >= rotateSeconds * 1000) {
      show((current + 1) % pages.length);
      return;
    }
    const onSite = page()?.kind === 'site';
    const state = status.banner();
    banner.update(
      onSite || state.kind === 'disconnected' ? state : { kind: 'ok' },
      staleAfterMs,
      timeZone(),
      feed.serverNow(),
    );
    const s = siteInfo();
    header.update({
      title: onSite
        ? s
          ? siteName(s)
          : ''
        : t('idx.title', { month: index?.data?.month ?? '' }).split(' · ')[0]!,
      timeZone: onSite ? timeZone() : 'Asia/Shanghai',
      now: feed.serverNow(),
      connection: connection.state,
      dataAgeMs: feed.dataAgeMs(),
      stale: state.kind === 'stale',
      page:
        rotateSeconds !== undefined && pages.length > 1
          ? {
              n: current + 1,
              total: pages.length,
              nextInS: Math.max(0, Math.ceil(rotateSeconds - (Date.now() - pageSince) / 1000)),
            }
          : undefined,
    });
    charts.setStale((stream) => status.stream(stream));
  }

  const ticker = setInterval(refreshStatus, 1000);
  const offState = connection.onState(refreshStatus);
  if (rotateSeconds !== undefined) loadIndex();
  const indexTimer = setInterval(() => rotateSeconds !== undefined && loadIndex(), INDEX_REFRESH_MS);

  const view: MountedView = {
    debug: () => ({ charts: charts.data() }),
    setSites(list) {
      sites = list;
      setPages();
    },
    destroy() {
      clearInterval(ticker);
      clearInterval(indexTimer);
      offFeed();
      offState();
      status.destroy();
      render.cancel();
      series.dispose();
    },
  };
  const hadSite = feed.site !== undefined;
  view.setSites(sites);
  if (hadSite) series.reset();
  return view;
}

// The analyst view (?view=analyst): pick a month, a scope and a base; read the indices as the monthly
// release lays them out, with notes, charts over the chosen months, CSV download and the methodology.
import './analyst.css';
import { addMonths } from '../../../shared/indices/calendar';
import { localMonth } from '../../../shared/indices/time-zone';
import { DEFAULT_TIME_ZONE, type SiteInfo } from '../../../shared/sites/registry';
import { fetchSeries } from '../../api/indices';
import { fetchSites } from '../../api/sites';
import { t } from '../../i18n/i18n';
import { createLanguageSwitch } from '../controls';
import { el, setText } from '../dom';
import { viewNav } from '../view-nav';
import { type AnalystState, scopeValue, seriesQueryOf, stateFromUrl, writeStateToUrl } from './analyst-state';
import { createControls } from './controls';
import { createIndexCharts } from './index-charts';
import { scopeName } from './index-format';
import { renderNotes } from './notes';
import { createReleaseTable } from './release-table';

/** Months are those of the registry's default zone; the server checks each scope's own. */
const TIME_ZONE = DEFAULT_TIME_ZONE;

export function mountAnalystView(root: HTMLElement): { destroy(): void } {
  document.title = `portpulse · ${t('app.analyst')}`;
  const latest = localMonth(Date.now(), TIME_ZONE);
  let state = stateFromUrl(location.search, addMonths(latest, -1));
  let inFlight: AbortController | undefined;
  let sites: readonly SiteInfo[] = [];
  let destroyed = false;

  const controls = createControls((next) => {
    state = next;
    load();
  });
  const table = createReleaseTable();
  const charts = createIndexCharts();
  const error = el('p', { class: 'error', role: 'alert', 'data-testid': 'analyst-error', hidden: '' });
  const notes = el('div', { class: 'notes', 'data-testid': 'analyst-notes' });
  const main = el(
    'main',
    { class: 'analyst', 'data-testid': 'analyst-view', 'data-state': 'loading' },
    error,
    notes,
    el('section', { class: 'panel table-scroll' }, table.element),
    charts.element,
  );
  const header = el(
    'header',
    { class: 'top' },
    el('h1', {}, 'portpulse', el('span', { class: 'subtitle' }, ` · ${t('app.analyst')}`)),
    viewNav('analyst'),
    createLanguageSwitch(),
    controls.element,
  );
  root.replaceChildren(header, main);

  function load() {
    writeStateToUrl(state);
    controls.show(state, latest);
    inFlight?.abort();
    const request = new AbortController();
    inFlight = request;
    main.dataset.state = 'loading';
    const shown: AnalystState = state;
    fetchSeries(seriesQueryOf(shown), request.signal)
      .then((series) => {
        const row = series.rows.at(-1)!;
        error.hidden = true;
        table.update(row, scopeName(series.scope, sites));
        renderNotes(notes, row);
        charts.update(series.rows);
        main.dataset.month = row.month;
        main.dataset.scope = scopeValue(shown.scope);
        main.dataset.state = 'ready';
      })
      .catch((e: unknown) => {
        if (request.signal.aborted) return;
        setText(error, t('analyst.error', { error: (e as Error).message }));
        error.hidden = false;
        main.dataset.state = 'error';
      });
  }

  fetchSites()
    .then((list) => {
      sites = list;
      controls.setSites(list);
    })
    .catch((e: unknown) => setText(error, t('analyst.sitesUnavailable', { error: (e as Error).message })))
    .finally(() => {
      if (!destroyed) load(); // not after a language switch has mounted a new view
    });

  return {
    destroy() {
      destroyed = true;
      inFlight?.abort();
      charts.destroy();
    },
  };
}

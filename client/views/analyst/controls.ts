// The analyst's pickers: month, scope (all sites / region / site), base (year-on-year or a fixed month) and
// how many months to chart; plus the CSV download and methodology links that follow the same choice.
import { addMonths, type MonthKey } from '../../../shared/indices/calendar';
import { regions } from '../../../shared/sites/regions';
import type { SiteInfo } from '../../../shared/sites/registry';
import { seriesPath } from '../../api/indices';
import { t } from '../../i18n/i18n';
import { el } from '../dom';
import { siteName } from '../site-name';
import { type AnalystState, scopeFromValue, scopeValue, seriesQueryOf, spans } from './analyst-state';

export interface Controls {
  element: HTMLElement;
  setSites(sites: readonly SiteInfo[]): void;
  /** Shows a state (from the URL or after a change); `latest` is the newest month that can be picked. */
  show(state: AnalystState, latest: MonthKey): void;
}

const field = (label: string, control: HTMLElement) =>
  el('label', { class: 'field' }, el('span', { class: 'label' }, label), control);

export function createControls(onChange: (state: AnalystState) => void): Controls {
  const month = el('input', { type: 'month', 'data-testid': 'month-picker', required: '' });
  const scope = el('select', { 'data-testid': 'scope-picker' });
  const baseMode = el(
    'select',
    { 'data-testid': 'base-mode' },
    el('option', { value: 'yoy' }, t('analyst.yoy')),
    el('option', { value: 'fixed' }, t('analyst.fixed')),
  );
  const baseMonth = el('input', { type: 'month', 'data-testid': 'base-month' });
  const span = el(
    'select',
    { 'data-testid': 'span-picker' },
    ...spans.map((n) => el('option', { value: String(n) }, t('analyst.span', { n }))),
  );
  const csv = el('a', { class: 'button', 'data-testid': 'csv-download', download: '' }, t('analyst.csv'));
  const methodology = el(
    'a',
    { href: '/docs/indices', target: '_blank', rel: 'noopener', 'data-testid': 'methodology' },
    t('analyst.methodology'),
  );
  let current: AnalystState | undefined;

  const read = (): AnalystState | undefined => {
    if (!current || !month.value) return undefined;
    const fixed = baseMode.value === 'fixed';
    const base = fixed ? baseMonth.value || addMonths(month.value, -12) : 'yoy';
    return { month: month.value, scope: scopeFromValue(scope.value), base, span: Number(span.value) };
  };
  for (const control of [month, scope, baseMode, baseMonth, span]) {
    control.addEventListener('change', () => {
      const next = read();
      if (next) onChange(next);
    });
  }

  const element = el(
    'div',
    { class: 'analyst-controls' },
    field(t('analyst.month'), month),
    field(t('analyst.scope'), scope),
    field(t('analyst.base'), el('span', { class: 'base-pick' }, baseMode, baseMonth)),
    field(t('analyst.chart'), span),
    el('span', { class: 'links' }, csv, methodology),
  );

  return {
    element,
    setSites(sites) {
      const regionGroup = el(
        'optgroup',
        { label: t('analyst.regions') },
        ...regions.map((r) => el('option', { value: `region:${r}` }, t(`region.${r}`))),
      );
      const siteGroup = el(
        'optgroup',
        { label: t('analyst.sites') },
        ...sites.map((s) => el('option', { value: `site:${s.id}` }, siteName(s, true))),
      );
      scope.replaceChildren(el('option', { value: 'all' }, t('analyst.allSites')), regionGroup, siteGroup);
      if (current) scope.value = scopeValue(current.scope);
    },
    show(state, latest) {
      current = state;
      month.max = latest;
      baseMonth.max = latest;
      month.value = state.month;
      scope.value = scopeValue(state.scope);
      baseMode.value = state.base === 'yoy' ? 'yoy' : 'fixed';
      baseMonth.value = state.base === 'yoy' ? '' : state.base;
      baseMonth.hidden = state.base === 'yoy';
      span.value = String(state.span);
      const q = seriesQueryOf(state);
      csv.href = seriesPath(q, 'csv');
    },
  };
}

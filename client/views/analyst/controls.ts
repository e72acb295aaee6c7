// The analyst's pickers: month, scope (all sites / region / site), base (year-on-year or a fixed month) and
// how many months to chart; plus the CSV download and methodology links that follow the same choice.
import { addMonths, type MonthKey } from '../../../shared/indices/calendar';
import { regions } from '../../../shared/sites/regions';
import type { SiteInfo } from '../../../shared/sites/registry';
import { seriesPath } from '../../api/indices';
import { el } from '../dom';
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
    el('option', { value: 'yoy' }, 'Year-on-year'),
    el('option', { value: 'fixed' }, 'Fixed month'),
  );
  const baseMonth = el('input', { type: 'month', 'data-testid': 'base-month' });
  const span = el(
    'select',
    { 'data-testid': 'span-picker' },
    ...spans.map((n) => el('option', { value: String(n) }, `${n} months`)),
  );
  const csv = el('a', { class: 'button', 'data-testid': 'csv-download', download: '' }, 'Download CSV');
  const methodology = el(
    'a',
    { href: '/docs/indices', target: '_blank', rel: 'noopener', 'data-testid': 'methodology' },
    'Methodology',
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
    field('Month', month),
    field('Scope', scope),
    field('Base', el('span', { class: 'base-pick' }, baseMode, baseMonth)),
    field('Chart', span),
    el('span', { class: 'links' }, csv, methodology),
  );

  return {
    element,
    setSites(sites) {
      const regionGroup = el(
        'optgroup',
        { label: 'Regions' },
        ...regions.map((r) => el('option', { value: `region:${r}` }, `${r} region`)),
      );
      const siteGroup = el(
        'optgroup',
        { label: 'Sites' },
        ...sites.map((s) =>
          el('option', { value: `site:${s.id}` }, s.name_zh ? `${s.name} · ${s.name_zh}` : s.name),
        ),
      );
      scope.replaceChildren(el('option', { value: 'all' }, 'All sites'), regionGroup, siteGroup);
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

// The wall's index page: this month's e-commerce logistics indices over all sites, one decimal, change in
// points with an arrow (▲ ▼ ■) so direction never relies on colour; "no data" says why, in the UI language.
import type { IndicesResponse } from '../../../shared/indices/api';
import { indexNames } from '../../../shared/indices/metrics';
import { t } from '../../i18n/i18n';
import { el } from '../dom';
import { formatMonth, formatNumber } from '../format';
import { indexReasonText } from './index-reason';

/** The composite first (the big card), then the sub-indices in methodology order. */
const shownOrder = ['composite', ...indexNames.filter((n) => n !== 'composite')] as const;

export interface IndexSummary {
  element: HTMLElement;
  show(data: IndicesResponse | undefined): void;
}

function card(name: (typeof indexNames)[number], r: IndicesResponse['indices'][typeof name]): HTMLElement {
  const change = r.change;
  const arrow = change === null ? '' : change > 0.05 ? '▲' : change < -0.05 ? '▼' : '■';
  const direction = change === null ? 'none' : change > 0.05 ? 'up' : change < -0.05 ? 'down' : 'flat';
  return el(
    'div',
    { class: `index-card${name === 'composite' ? ' is-composite' : ''}`, 'data-index': name },
    el('span', { class: 'index-name' }, t(`idx.${name}`)),
    el(
      'span',
      { class: `index-value${r.value === null ? ' is-empty' : ''}`, 'data-testid': `index-${name}` },
      r.value === null ? t('idx.noData') : formatNumber(r.value, 1),
    ),
    el(
      'span',
      { class: `index-change is-${direction}` },
      change === null
        ? indexReasonText(r.reason)
        : t('idx.change', { arrow, change: `${change > 0 ? '+' : ''}${formatNumber(change, 1)}` }),
    ),
  );
}

export function createIndexSummary(): IndexSummary {
  const element = el('section', { class: 'index-summary', 'data-testid': 'index-summary' });
  return {
    element,
    show(data) {
      if (!data) {
        element.replaceChildren(el('p', { class: 'index-unavailable' }, t('idx.unavailable')));
        return;
      }
      const meta = [
        data.partial ? t('idx.partial') : '',
        t(data.base.mode === 'yoy' ? 'idx.baseYoy' : 'idx.baseFixed', {
          month: formatMonth(data.base.month),
        }),
      ]
        .filter(Boolean)
        .join(' · ');
      element.replaceChildren(
        el('h2', {}, t('idx.title', { month: formatMonth(data.month) })),
        el('p', { class: 'index-meta' }, meta),
        el('div', { class: 'index-grid' }, ...shownOrder.map((n) => card(n, data.indices[n]))),
      );
    },
  };
}

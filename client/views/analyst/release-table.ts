// The monthly table laid out like the CFLP/JD release: index, value (one decimal), change in points with
// ▲/▼ and a sign, the raw metric, and why a figure is missing (the server's reason, told in the UI language).
// Site strings go in as text only.
import type { MonthlyRow } from '../../../shared/indices/api';
import type { IndexName } from '../../../shared/indices/metrics';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages-en';
import { el, setText } from '../dom';
import { formatMonth } from '../format';
import { indexReasonText } from '../wall/index-reason';
import { formatChange, formatIndexValue, formatMetric, indexLabel, releaseOrder } from './index-format';

export interface ReleaseTable {
  element: HTMLElement;
  /** `scopeName`: the scope as the UI language names it. */
  update(row: MonthlyRow, scopeName: string): void;
}

const columns: MessageKey[] = [
  'analyst.col.index',
  'analyst.col.value',
  'analyst.col.change',
  'analyst.col.metric',
  'analyst.col.note',
];

export function createReleaseTable(): ReleaseTable {
  const caption = el('caption');
  const cells = new Map<
    IndexName,
    { value: HTMLElement; change: HTMLElement; metric: HTMLElement; note: HTMLElement }
  >();
  const body = el('tbody');
  for (const name of releaseOrder) {
    const c = {
      value: el('td', { class: 'num value', 'data-testid': 'index-value' }),
      change: el('td', { class: 'num change', 'data-testid': 'index-change' }),
      metric: el('td', { class: 'num metric' }),
      note: el('td', { class: 'note' }),
    };
    cells.set(name, c);
    body.append(
      el(
        'tr',
        { 'data-index': name, class: name === 'composite' ? 'is-composite' : undefined },
        el('th', { scope: 'row' }, indexLabel(name)),
        c.value,
        c.change,
        c.metric,
        c.note,
      ),
    );
  }
  const head = el('thead', {}, el('tr', {}, ...columns.map((key) => el('th', { scope: 'col' }, t(key)))));
  const element = el(
    'table',
    { class: 'release-table', 'data-testid': 'release-table' },
    caption,
    head,
    body,
  );

  return {
    element,
    update(row, scopeName) {
      const base = t(row.base.mode === 'yoy' ? 'analyst.captionYoy' : 'analyst.captionFixed', {
        month: formatMonth(row.base.month),
      });
      setText(
        caption,
        t('analyst.caption', {
          scope: scopeName,
          month: formatMonth(row.month),
          partial: row.partial ? t('analyst.captionPartial') : '',
          base,
        }),
      );
      for (const name of releaseOrder) {
        const i = row.indices[name];
        const c = cells.get(name)!;
        setText(c.value, formatIndexValue(i.value));
        c.value.dataset.raw = i.value === null ? '' : String(i.value);
        const change = formatChange(i.change);
        setText(c.change, change.text);
        c.change.dataset.direction = change.direction;
        c.change.setAttribute('aria-label', change.label);
        setText(c.metric, formatMetric(name, i.metric));
        setText(c.note, indexReasonText(i.reason));
      }
    },
  };
}

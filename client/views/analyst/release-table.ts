// The monthly table laid out like the CFLP/JD release: index, value (one decimal), change in points with
// ▲/▼ and a sign, the raw metric, and why a figure is missing. Site strings go in as text only.
import type { MonthlyRow, Scope } from '../../../shared/indices/api';
import type { IndexName } from '../../../shared/indices/metrics';
import { el, setText } from '../dom';
import { formatChange, formatIndexValue, formatMetric, indexLabels, releaseOrder } from './index-format';

export interface ReleaseTable {
  element: HTMLElement;
  update(row: MonthlyRow, scope: Scope): void;
}

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
        el('th', { scope: 'row' }, indexLabels[name]),
        c.value,
        c.change,
        c.metric,
        c.note,
      ),
    );
  }
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      ...['Index', 'Value', 'Change (points)', 'Metric m(M)', 'Note'].map((h) =>
        el('th', { scope: 'col' }, h),
      ),
    ),
  );
  const element = el(
    'table',
    { class: 'release-table', 'data-testid': 'release-table' },
    caption,
    head,
    body,
  );

  return {
    element,
    update(row, scope) {
      const base =
        row.base.mode === 'yoy' ? `year-on-year against ${row.base.month}` : `fixed base ${row.base.month}`;
      setText(
        caption,
        `${scope.name} · ${row.month}${row.partial ? ' (partial month)' : ''} · ${base} = 100`,
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
        setText(c.note, i.reason ?? '');
      }
    },
  };
}

// Notes above the table: a month still in progress, and sub-indices missing because the base has no data.
import type { MonthlyRow } from '../../../shared/indices/api';
import { subIndexNames } from '../../../shared/indices/metrics';
import { t } from '../../i18n/i18n';
import { el } from '../dom';
import { formatMonth } from '../format';
import { indexLabel } from './index-format';

export function noteItems(row: MonthlyRow): { kind: 'partial' | 'missing-base'; text: string }[] {
  const notes: { kind: 'partial' | 'missing-base'; text: string }[] = [];
  if (row.partial)
    notes.push({ kind: 'partial', text: t('analyst.note.partial', { month: formatMonth(row.month) }) });
  const noBase = subIndexNames.filter((n) => row.indices[n].reason?.startsWith(`no data in base month`));
  if (noBase.length > 0)
    notes.push({
      kind: 'missing-base',
      text: t('analyst.note.missingBase', {
        month: formatMonth(row.base.month),
        names: noBase.map(indexLabel).join(t('analyst.listSeparator')),
      }),
    });
  return notes;
}

export function renderNotes(container: HTMLElement, row: MonthlyRow): void {
  container.replaceChildren(
    ...noteItems(row).map((n) =>
      el('p', { class: `note note-${n.kind}`, 'data-testid': `note-${n.kind}` }, n.text),
    ),
  );
}

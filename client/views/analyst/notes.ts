// Notes above the table: a month still in progress, and sub-indices missing because the base has no data.
import type { MonthlyRow } from '../../../shared/indices/api';
import { subIndexNames } from '../../../shared/indices/metrics';
import { el } from '../dom';
import { indexLabels } from './index-format';

export function noteItems(row: MonthlyRow): { kind: 'partial' | 'missing-base'; text: string }[] {
  const notes: { kind: 'partial' | 'missing-base'; text: string }[] = [];
  if (row.partial)
    notes.push({
      kind: 'partial',
      text: `${row.month} is still in progress: daily averages use the days elapsed so far, and the figures can still move.`,
    });
  const noBase = subIndexNames.filter((n) => row.indices[n].reason?.startsWith(`no data in base month`));
  if (noBase.length > 0)
    notes.push({
      kind: 'missing-base',
      text: `No data in the base month ${row.base.month} for ${noBase.map((n) => indexLabels[n]).join(', ')}: those indices cannot be computed (shown as —) and are left out of the composite.`,
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

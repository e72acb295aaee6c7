// The series as CSV for spreadsheets: header row, one row per month, UTF-8 with a BOM (so Excel reads the
// Chinese site names), CRLF line ends, and text cells that cannot be taken for formulas.
import type { MonthlyRow, Scope } from '../../../shared/indices/api';
import { indexNames } from '../../../shared/indices/metrics';

const columns = [
  'month',
  'scope',
  'base_month',
  'partial',
  ...indexNames.flatMap((n) => (n === 'composite' ? [n, `${n}_change`] : [n, `${n}_change`, `${n}_metric`])),
  'notes',
];

/** One CSV cell: quoted when needed, and never taken for a formula by Excel. */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  // A leading = + - @ makes Excel evaluate the cell: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function seriesCsv(scope: Scope, rows: MonthlyRow[]): string {
  const lines = [columns.join(',')];
  for (const r of rows) {
    const values: (string | number | boolean | null)[] = [r.month, scope.name, r.base.month, r.partial];
    const notes: string[] = [];
    for (const name of indexNames) {
      const i = r.indices[name];
      values.push(i.value, i.change);
      if (name !== 'composite') values.push(i.metric);
      if (i.reason) notes.push(`${name}: ${i.reason}`);
    }
    values.push(notes.join('; '));
    lines.push(values.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function csvFileName(scope: Scope, from: string, to: string): string {
  return `portpulse-indices-${scope.id ?? 'all'}-${from}-to-${to}.csv`;
}

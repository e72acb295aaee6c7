// Renders benchmark rows as an aligned Markdown table, readable in a terminal and pasteable into BENCHMARKS.md.
import type { Row } from './rows';

export function formatNumber(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  if (abs >= 100 || Number.isInteger(v)) return Math.round(v).toLocaleString('en-US');
  if (abs >= 10) return v.toFixed(1);
  if (abs >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

function valueCell(r: Row): string {
  if (r.value === null) return r.valueText ?? (r.unavailable ? 'not available yet' : 'n/a');
  return `${formatNumber(r.value)} ${r.unit}`.trim();
}

function referenceCell(r: Row): string {
  if (!r.reference) return '';
  const unit = r.reference.unit ?? r.unit;
  return `${formatNumber(r.reference.value)} ${unit} (${r.reference.label})`.replace(/ {2}/g, ' ');
}

function metCell(r: Row): string {
  if (r.met === true) return 'yes';
  if (r.met === false) return '**no**';
  return r.goal ? '—' : '';
}

export function formatTable(rows: Row[], withNotes = false): string {
  const header = ['scenario', 'metric', 'value', 'reference', 'ratio', 'goal', 'met?'];
  if (withNotes) header.push('note');
  const body = rows.map((r) => {
    const cells = [
      r.scenario,
      r.metric,
      valueCell(r),
      referenceCell(r),
      r.ratio == null ? '' : `${formatNumber(r.ratio)}×`,
      r.goal ?? '',
      metCell(r),
    ];
    if (withNotes) cells.push(r.note ?? '');
    return cells.map((c) => c.replace(/\|/g, '\\|'));
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

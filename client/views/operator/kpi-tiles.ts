// The KPI tiles: the newest value of every live KPI column; the value element carries data-kpi="<column>".
import { GATE_SLA_MS } from '../../../shared/events/gate-scan';
import { type KpiColumn, kpiColumns } from '../../../shared/live/kpi-columns';
import type { KpiStreamBuffer } from '../../live/stream-buffer';
import { el, setText } from '../dom';
import { formatNumber, formatSeconds, formatShare } from '../format';

interface TileSpec {
  column: KpiColumn;
  label: string;
  unit: string;
  format: (v: number | null) => string;
  /** Text shown (besides the colour) when the value needs attention. */
  alert?: (v: number) => string | undefined;
}

const whole = (v: number | null) => formatNumber(v, 0);

const tiles: TileSpec[] = [
  { column: 'vehicles_in_per_min', label: 'Vehicles in', unit: '/min', format: whole },
  { column: 'vehicles_out_per_min', label: 'Vehicles out', unit: '/min', format: whole },
  { column: 'parcels_per_min', label: 'Parcels', unit: '/min', format: whole },
  { column: 'processing_p50_ms', label: 'Processing p50', unit: 's', format: formatSeconds },
  {
    column: 'processing_p95_ms',
    label: 'Processing p95',
    unit: 's',
    format: formatSeconds,
    alert: (v) => (v > GATE_SLA_MS ? '⚠ over 10 s' : undefined),
  },
  { column: 'sla_share', label: 'Within 10 s SLA', unit: '%', format: formatShare },
  { column: 'staff_on_site', label: 'Staff on site', unit: '', format: whole },
  { column: 'load_rate_1h', label: 'Load rate 1 h', unit: '%', format: formatShare },
  { column: 'departures_24h', label: 'Departures 24 h', unit: '', format: whole },
  { column: 'on_time_share_24h', label: 'On time 24 h', unit: '%', format: formatShare },
  {
    column: 'overweight_24h',
    label: 'Overweight 24 h',
    unit: 'trucks',
    format: whole,
    alert: (v) => (v > 0 ? '⚠ overweight' : undefined),
  },
];

export interface KpiTiles {
  element: HTMLElement;
  update(buffer: KpiStreamBuffer): void;
}

export function createKpiTiles(): KpiTiles {
  const rows = tiles.map((spec) => {
    const value = el('span', { class: 'kpi-value', 'data-kpi': spec.column }, '—');
    const note = el('span', { class: 'kpi-note' });
    const tile = el(
      'div',
      { class: 'kpi-tile' },
      el('span', { class: 'kpi-label' }, spec.label),
      el(
        'span',
        { class: 'kpi-reading' },
        value,
        spec.unit ? el('span', { class: 'kpi-unit' }, spec.unit) : null,
      ),
      note,
    );
    return { spec, index: kpiColumns.indexOf(spec.column), value, note, tile };
  });
  const element = el('section', {
    class: 'kpi-tiles',
    'data-testid': 'kpi-tiles',
    'aria-label': 'Live KPIs',
  });
  element.append(...rows.map((r) => r.tile));
  return {
    element,
    update(buffer) {
      for (const r of rows) {
        const v = buffer.latest(r.index);
        setText(r.value, r.spec.format(v));
        r.value.dataset.raw = v === null ? '' : String(v);
        const alert = v === null ? undefined : r.spec.alert?.(v);
        setText(r.note, alert ?? '');
        r.tile.classList.toggle('is-alert', alert !== undefined);
        r.tile.classList.toggle('is-empty', v === null);
      }
    },
  };
}

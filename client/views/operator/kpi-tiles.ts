// The KPI tiles: the newest value of every live KPI column; the value element carries data-kpi="<column>".
import { GATE_SLA_MS } from '../../../shared/events/gate-scan';
import { type KpiColumn, kpiColumns } from '../../../shared/live/kpi-columns';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages-en';
import type { KpiStreamBuffer } from '../../live/stream-buffer';
import { el, setText } from '../dom';
import { formatNumber, formatSeconds, formatShare } from '../format';

interface TileSpec {
  column: KpiColumn;
  unit: MessageKey | '';
  format: (v: number | null) => string;
  /** Text shown (besides the colour) when the value needs attention. */
  alert?: (v: number) => MessageKey | undefined;
}

const whole = (v: number | null) => formatNumber(v, 0);

const tiles: TileSpec[] = [
  { column: 'vehicles_in_per_min', unit: 'unit.perMin', format: whole },
  { column: 'vehicles_out_per_min', unit: 'unit.perMin', format: whole },
  { column: 'parcels_per_min', unit: 'unit.perMin', format: whole },
  { column: 'processing_p50_ms', unit: 'unit.s', format: formatSeconds },
  {
    column: 'processing_p95_ms',
    unit: 'unit.s',
    format: formatSeconds,
    alert: (v) => (v > GATE_SLA_MS ? 'kpi.alertSla' : undefined),
  },
  { column: 'sla_share', unit: 'unit.pct', format: formatShare },
  { column: 'staff_on_site', unit: '', format: whole },
  { column: 'load_rate_1h', unit: 'unit.pct', format: formatShare },
  { column: 'departures_24h', unit: '', format: whole },
  { column: 'on_time_share_24h', unit: 'unit.pct', format: formatShare },
  {
    column: 'overweight_24h',
    unit: 'unit.trucks',
    format: whole,
    alert: (v) => (v > 0 ? 'kpi.alertOverweight' : undefined),
  },
];

export interface KpiTiles {
  element: HTMLElement;
  update(buffer: KpiStreamBuffer): void;
}

/** `only`: the columns to show (the wall shows fewer, larger tiles). */
export function createKpiTiles(only?: readonly KpiColumn[]): KpiTiles {
  const shown = only ? tiles.filter((s) => only.includes(s.column)) : tiles;
  const rows = shown.map((spec) => {
    const value = el('span', { class: 'kpi-value', 'data-kpi': spec.column }, '—');
    const note = el('span', { class: 'kpi-note' });
    const tile = el(
      'div',
      { class: 'kpi-tile' },
      el('span', { class: 'kpi-label' }, t(`kpi.${spec.column}`)),
      el(
        'span',
        { class: 'kpi-reading' },
        value,
        spec.unit ? el('span', { class: 'kpi-unit' }, t(spec.unit)) : null,
      ),
      note,
    );
    return { spec, index: kpiColumns.indexOf(spec.column), value, note, tile };
  });
  const element = el('section', {
    class: 'kpi-tiles',
    'data-testid': 'kpi-tiles',
    'aria-label': t('kpi.aria'),
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
        setText(r.note, alert ? t(alert) : '');
        r.tile.classList.toggle('is-alert', alert !== undefined);
        r.tile.classList.toggle('is-empty', v === null);
      }
    },
  };
}

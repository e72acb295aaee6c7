// How index figures read in the analyst view: values to one decimal, changes in points with an arrow AND a
// text sign (colour is never the only signal), metrics in their own units, "—" for no data.
import { type IndexName, subIndexNames } from '../../../shared/indices/metrics';
import { formatNumber, formatShare, NO_DATA } from '../format';

export const indexLabels: Record<IndexName, string> = {
  composite: 'Composite index',
  volume: 'Business volume',
  rural_volume: 'Rural business volume',
  staffing: 'Personnel',
  load_rate: 'Load rate (实载率)',
  gate_timeliness: 'Gate timeliness (≤ 10 s)',
  flight_punctuality: 'Flight punctuality (< 15 min)',
};

/** The release lists the composite first, then the sub-indices. */
export const releaseOrder: IndexName[] = ['composite', ...subIndexNames];

export function formatIndexValue(v: number | null): string {
  return formatNumber(v, 1);
}

export interface ChangeText {
  text: string;
  direction: 'up' | 'down' | 'flat' | 'none';
  /** For screen readers: "up 0.2 points". */
  label: string;
}

/** The arrow follows the rounded figure, so a change of +0.04 reads "0.0", not "▲ +0.0". */
export function formatChange(change: number | null): ChangeText {
  if (change === null) return { text: NO_DATA, direction: 'none', label: 'no change figure' };
  const rounded = Math.round(change * 10) / 10;
  const size = formatNumber(Math.abs(rounded), 1);
  if (rounded > 0) return { text: `▲ +${size}`, direction: 'up', label: `up ${size} points` };
  if (rounded < 0) return { text: `▼ −${size}`, direction: 'down', label: `down ${size} points` };
  return { text: `= ${size}`, direction: 'flat', label: 'unchanged' };
}

export function formatMetric(name: IndexName, v: number | null): string {
  if (name === 'composite') return ''; // a weighted mean of indices has no metric of its own
  if (v === null) return NO_DATA;
  switch (name) {
    case 'volume':
    case 'rural_volume':
      return `${formatNumber(v, 0)} parcels/day`;
    case 'staffing':
      return `${formatNumber(v, 1)} staff/day`;
    default:
      return `${formatShare(v)} %`;
  }
}

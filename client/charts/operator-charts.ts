// The four charts of the operator view: which KPI columns each one draws and how.
import type { KpiColumn } from '../../shared/live/kpi-columns';
import { palette } from './palette';
import { processingChart } from './processing-chart';
import type { ChartSpec } from './time-series-chart';

export interface OperatorChart {
  /** Used in `data-testid="chart-<name>"`. */
  name: string;
  title: string;
  columns: KpiColumn[];
  spec: ChartSpec;
}

const count = (v: number) => (Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : String(Math.round(v)));
const fromZero = (_min: number | null, max: number | null): [number, number] => [
  0,
  Math.max(5, (max ?? 0) * 1.15),
];

export const operatorCharts: OperatorChart[] = [
  {
    name: 'gate-flow',
    title: 'Gate flow · vehicles per minute',
    columns: ['vehicles_in_per_min', 'vehicles_out_per_min'],
    spec: {
      series: [
        { label: 'In', stroke: palette.inbound },
        { label: 'Out', stroke: palette.outbound, dash: [10, 4] },
      ],
      formatY: count,
      yRange: fromZero,
    },
  },
  {
    name: 'processing',
    title: 'Gate processing time · p50 / p95 vs 10 s SLA',
    columns: ['processing_p50_ms', 'processing_p95_ms'],
    spec: processingChart,
  },
  {
    name: 'load-rate',
    title: 'Load rate · last hour',
    columns: ['load_rate_1h'],
    spec: {
      series: [{ label: 'Load rate', stroke: palette.loadRate, fill: 'rgba(62, 201, 154, 0.12)' }],
      formatY: (v) => `${Math.round(v * 100)} %`,
      formatLegend: (v) => `${(v * 100).toFixed(1)} %`,
      yRange: (_min, max) => [0, Math.max(1, (max ?? 0) * 1.05)],
    },
  },
  {
    name: 'parcels',
    title: 'Parcels per minute',
    columns: ['parcels_per_min'],
    spec: {
      series: [{ label: 'Parcels', stroke: palette.parcels, fill: 'rgba(195, 155, 255, 0.12)' }],
      formatY: count,
      yRange: fromZero,
    },
  },
];

// The four KPI charts: which columns each one draws, how, and which live stream feeds it (for staleness).
import type { KpiColumn } from '../../shared/live/kpi-columns';
import { t } from '../i18n/i18n';
import type { RecentEvents } from '../live/event-list';
import type { PanelStream } from '../views/staleness';
import { palette } from './palette';
import { processingChart } from './processing-chart';
import type { ChartSpec } from './time-series-chart';

export type ChartName = 'gate-flow' | 'processing' | 'load-rate' | 'parcels';

export interface OperatorChart {
  /** Used in `data-testid="chart-<name>"`. */
  name: ChartName;
  title: string;
  columns: KpiColumn[];
  stream: PanelStream;
  spec: ChartSpec;
  /** Times (epoch s) of the events the chart's values move with, drawn as points (see drawn-points.ts). */
  marks?: (events: Pick<RecentEvents, 'list'>) => number[];
}

/** Tick steps for counts: whole numbers only. */
const countIncrs = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000,
];
const count = (v: number) => (Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : String(Math.round(v)));
const fromZero = (_min: number | null, max: number | null): [number, number] => [
  0,
  Math.max(5, (max ?? 0) * 1.15),
];

/** Built on demand: titles and legends are in the current UI language. */
export function operatorCharts(fontPx = 12): OperatorChart[] {
  return [
    {
      name: 'gate-flow',
      title: t('chart.gate-flow'),
      columns: ['vehicles_in_per_min', 'vehicles_out_per_min'],
      stream: 'gate',
      spec: {
        series: [
          { label: t('series.in'), stroke: palette.inbound },
          { label: t('series.out'), stroke: palette.outbound, dash: [10, 4] },
        ],
        formatY: count,
        yIncrs: countIncrs,
        yRange: fromZero,
      },
    },
    {
      name: 'processing',
      title: t('chart.processing'),
      columns: ['processing_p50_ms', 'processing_p95_ms'],
      stream: 'gate',
      spec: processingChart(fontPx),
    },
    {
      name: 'load-rate',
      title: t('chart.load-rate'),
      columns: ['load_rate_1h'],
      stream: 'weighbridge',
      // Each stable weighing moves the hour's load rate: a point for each one, so a few weighings minutes
      // apart are seen on an hour's axis (and the first one at all).
      marks: (events) =>
        events
          .list('weighbridge')
          .filter((w) => w.stable)
          .map((w) => w.time / 1000),
      spec: {
        series: [{ label: t('series.loadRate'), stroke: palette.loadRate, fill: 'rgba(62, 201, 154, 0.12)' }],
        formatY: (v) => `${Math.round(v * 100)} %`,
        formatLegend: (v) => `${(v * 100).toFixed(1)} %`,
        yRange: (_min, max) => [0, Math.max(1, (max ?? 0) * 1.05)],
      },
    },
    {
      name: 'parcels',
      title: t('chart.parcels'),
      columns: ['parcels_per_min'],
      stream: 'gate',
      spec: {
        series: [{ label: t('series.parcels'), stroke: palette.parcels, fill: 'rgba(195, 155, 255, 0.12)' }],
        formatY: count,
        yIncrs: countIncrs,
        yRange: fromZero,
      },
    },
  ];
}

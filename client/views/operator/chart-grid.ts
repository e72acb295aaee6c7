// The chart cards of the operator view; charts are rebuilt when the site (and so the time zone) changes.
import { kpiColumns } from '../../../shared/live/kpi-columns';
import { operatorCharts } from '../../charts/operator-charts';
import { createTimeSeriesChart, type TimeSeriesChart } from '../../charts/time-series-chart';
import type { KpiStreamBuffer } from '../../live/stream-buffer';
import { el } from '../dom';

export interface ChartGrid {
  element: HTMLElement;
  reset(timeZone: string): void;
  update(buffer: KpiStreamBuffer): void;
}

export function createChartGrid(): ChartGrid {
  const cards = operatorCharts.map((def) => {
    const plot = el('div', { class: 'chart-plot', 'data-testid': `chart-${def.name}` });
    const card = el('section', { class: 'panel chart-card' }, el('h2', {}, def.title), plot);
    return { def, plot, card, columns: def.columns.map((c) => kpiColumns.indexOf(c)) };
  });
  let charts: TimeSeriesChart[] = [];
  const element = el('div', { class: 'chart-grid' }, ...cards.map((c) => c.card));
  return {
    element,
    reset(timeZone) {
      for (const c of charts) c.destroy();
      charts = cards.map((c) => createTimeSeriesChart(c.plot, c.def.spec, timeZone));
    },
    update(buffer) {
      charts.forEach((chart, i) => {
        chart.setData(buffer.aligned(cards[i]!.columns));
      });
    },
  };
}

// Small multiples: one month chart per index (composite first), over the months the analyst chose.
import type { MonthlyRow } from '../../../shared/indices/api';
import type { IndexName } from '../../../shared/indices/metrics';
import { el } from '../dom';
import { indexLabel, releaseOrder } from './index-format';
import { createMonthChart, type MonthChart } from './month-chart';

/** Okabe–Ito colours: distinguishable for colour-blind readers on the dark background. */
const colours = ['#f0e442', '#56b4e9', '#3ec99a', '#c39bff', '#e69f00', '#ff6b8b', '#66c2d7'];

export interface IndexCharts {
  element: HTMLElement;
  update(rows: MonthlyRow[]): void;
  destroy(): void;
}

export function createIndexCharts(): IndexCharts {
  const element = el('div', { class: 'index-charts', 'data-testid': 'index-charts' });
  const charts = new Map<IndexName, MonthChart>();
  releaseOrder.forEach((name, i) => {
    const plot = el('div', { class: 'chart-plot' });
    element.append(
      el('section', { class: 'panel', 'data-chart': name }, el('h3', {}, indexLabel(name)), plot),
    );
    charts.set(name, createMonthChart(plot, colours[i % colours.length]!));
  });
  return {
    element,
    update(rows) {
      const months = rows.map((r) => r.month);
      for (const [name, chart] of charts)
        chart.setData(
          months,
          rows.map((r) => r.indices[name].value),
        );
    },
    destroy() {
      for (const chart of charts.values()) chart.destroy();
    },
  };
}

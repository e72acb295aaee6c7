// The chart cards (all four in the operator view, a chosen few on the wall); charts are rebuilt when the site
// (and so the time zone) changes, and each card shows when the stream that feeds it went stale.
import { kpiColumns } from '../../../shared/live/kpi-columns';
import { type ChartName, operatorCharts } from '../../charts/operator-charts';
import {
  type ChartLayout,
  createTimeSeriesChart,
  type TimeSeriesChart,
} from '../../charts/time-series-chart';
import type { RecentEvents } from '../../live/event-list';
import type { AlignedColumns } from '../../live/stream-buffer';
import { el } from '../dom';
import { createStaleTag } from '../stale-banner';
import type { PanelStream, StreamState } from '../staleness';

export interface ChartGrid {
  element: HTMLElement;
  reset(timeZone: string): void;
  /** New rows; `events` (the site's recent events) gives the charts that mark events their times. */
  update(
    source: { aligned(columns: readonly number[]): AlignedColumns },
    events?: Pick<RecentEvents, 'list'>,
  ): void;
  setStale(state: (stream: PanelStream) => StreamState): void;
  /** The data each chart was last given, by name (tests compare it with the API). */
  data(): Record<string, AlignedColumns>;
  /** x (epoch s) of the rows each chart drew as points at its last draw, per series, by name. */
  points(): Record<string, number[][]>;
}

export function createChartGrid(opts: { only?: ChartName[] } & ChartLayout = {}): ChartGrid {
  const defs = operatorCharts(opts.fontPx).filter((d) => !opts.only || opts.only.includes(d.name));
  const cards = defs.map((def) => {
    const plot = el('div', { class: 'chart-plot', 'data-testid': `chart-${def.name}` });
    const stale = createStaleTag(`chart-${def.name}`);
    const card = el(
      'section',
      { class: 'panel chart-card' },
      el('h2', {}, `${def.title} `, stale.element),
      plot,
    );
    return { def, plot, card, stale, columns: def.columns.map((c) => kpiColumns.indexOf(c)) };
  });
  let charts: TimeSeriesChart[] = [];
  const last: Record<string, AlignedColumns> = {};
  const element = el('div', { class: 'chart-grid' }, ...cards.map((c) => c.card));
  return {
    element,
    reset(timeZone) {
      for (const c of charts) c.destroy();
      charts = cards.map((c) => createTimeSeriesChart(c.plot, c.def.spec, timeZone, opts));
    },
    update(source, events) {
      charts.forEach((chart, i) => {
        const card = cards[i]!;
        const data = source.aligned(card.columns);
        last[card.def.name] = data;
        chart.setData(data, events && card.def.marks ? card.def.marks(events) : []);
      });
    },
    setStale(state) {
      for (const c of cards) c.stale.show(c.card, state(c.def.stream));
    },
    data: () => ({ ...last }),
    points: () => Object.fromEntries(charts.map((c, i) => [cards[i]!.def.name, c.points()])),
  };
}

// One index over months as a uPlot line: months on x ("Jul 2025" / "2025年7月"), the 100 comparison level dashed,
// gaps where the index has no value (never drawn as 0), width following the container.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { frameCoalescer } from '../../charts/frame-coalescer';
import { palette } from '../../charts/palette';
import { t } from '../../i18n/i18n';
import { formatMonth, NO_DATA } from '../format';
import { formatIndexValue } from './index-format';

export interface MonthChart {
  setData(months: string[], values: (number | null)[]): void;
  destroy(): void;
}

export function createMonthChart(container: HTMLElement, stroke: string): MonthChart {
  let months: string[] = [];
  const height = 170;
  let width = Math.max(240, Math.floor(container.clientWidth));
  const axis = {
    stroke: palette.axis,
    grid: { stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid },
  };
  const monthAt = (i: number | null | undefined) =>
    i == null ? NO_DATA : formatMonth(months[Math.round(i)] ?? '');
  const plot = new uPlot(
    {
      width,
      height,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false },
        // Always show the 100 line, with some room around the data.
        y: {
          range: (_u, min, max) => [
            Math.floor(Math.min(min ?? 100, 100) - 5),
            Math.ceil(Math.max(max ?? 100, 100) + 5),
          ],
        },
      },
      axes: [
        { ...axis, values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? monthAt(i) : '')) },
        { ...axis, size: 48, values: (_u, splits) => splits.map((v) => String(v)) },
      ],
      series: [
        { label: t('analyst.series.month'), value: (_u, i) => monthAt(i) },
        // The chart's title names the index; the legend only needs the reading under the cursor.
        {
          label: t('analyst.series.index'),
          stroke,
          width: 2,
          spanGaps: false,
          points: { show: true, size: 5 },
          value: (_u, v) => formatIndexValue(v),
        },
        {
          label: t('analyst.series.base'),
          stroke: palette.axis,
          width: 1,
          dash: [4, 4],
          points: { show: false },
          value: () => '100',
        },
      ],
    },
    [[], [], []],
    container,
  );

  let pending: uPlot.AlignedData | undefined;
  let resized = false;
  const redraw = frameCoalescer(() => {
    if (resized) plot.setSize({ width, height });
    if (pending) plot.setData(pending);
    resized = false;
    pending = undefined;
  });
  const observer = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0]?.contentRect.width ?? width);
    if (w > 0 && w !== width) {
      width = w;
      resized = true;
      redraw.request();
    }
  });
  observer.observe(container);

  return {
    setData(m, values) {
      months = m;
      pending = [m.map((_, i) => i), values, m.map(() => 100)];
      redraw.request();
    },
    destroy() {
      observer.disconnect();
      redraw.cancel();
      plot.destroy();
    },
  };
}

// A live uPlot time-series chart: follows its container's size (ResizeObserver; the height too with
// `fillHeight`), draws at most once per animation frame (the first data at once: nothing is on screen yet),
// shows times in the site's time zone, and draws null as a gap ("no data", never 0). Points are drawn where a
// line cannot show a value (see drawnPoints), since uPlot hides them whenever the x axis holds many rows.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../i18n/i18n';
import type { AlignedColumns } from '../live/stream-buffer';
import { formatTime } from '../views/format';
import { drawnPoints } from './drawn-points';
import { frameCoalescer } from './frame-coalescer';
import { palette } from './palette';
import { zonedDate } from './zoned-date';

export interface SeriesSpec {
  label: string;
  stroke: string;
  fill?: string;
  dash?: number[];
}

export interface ChartSpec {
  series: SeriesSpec[];
  /** Tick labels of the y axis (and legend values unless formatLegend is given). */
  formatY: (v: number) => string;
  formatLegend?: (v: number) => string;
  /** y range from the data range (null when there is no data). */
  yRange: (dataMin: number | null, dataMax: number | null) => [number, number];
  /** Allowed y tick steps (whole counts: never 2.5 vehicles); uPlot's defaults when omitted. */
  yIncrs?: number[];
  height?: number;
  plugins?: uPlot.Plugin[];
}

export interface TimeSeriesChart {
  /**
   * Queues data for the next frame; only the newest queued data is drawn. `marks`: epoch seconds of events
   * the series reflect (e.g. weighings), each drawn as a point on every series (see drawnPoints).
   */
  setData(data: AlignedColumns, marks?: readonly number[]): void;
  /** x (epoch s) of the rows drawn as points at the last draw, per series (tests assert on what is seen). */
  points(): number[][];
  destroy(): void;
}

/** Point diameter (CSS px); marks closer than twice this on average are left to the line. */
const POINT_PX = 7;

/** Legend value: the hovered point, or the newest one while the cursor is off the chart (a live readout). */
function orNewest(
  u: uPlot,
  series: number,
  v: number | null | undefined,
  idx: number | null | undefined,
  format: (v: number) => string,
): string {
  const value = idx == null ? u.data[series]?.at(-1) : v;
  return value == null ? '—' : format(value);
}

/** Every non-null row (uPlot draws them all when the rows are few enough for the width). */
function allShown(values: ArrayLike<number | null | undefined>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] != null) out.push(i);
  return out;
}

export interface ChartLayout {
  /** Take the container's height (the wall), not spec.height. */
  fillHeight?: boolean;
  /** Axis text size in CSS px (default 12; larger on the wall). */
  fontPx?: number;
}

/** Room uPlot's legend takes below the plot when the chart fills its container's height. */
const LEGEND_ALLOWANCE = 40;

export function createTimeSeriesChart(
  container: HTMLElement,
  spec: ChartSpec,
  timeZone: string,
  layout: ChartLayout = {},
): TimeSeriesChart {
  const heightFor = (containerHeight: number) =>
    layout.fillHeight ? Math.max(120, Math.floor(containerHeight) - LEGEND_ALLOWANCE) : (spec.height ?? 200);
  let height = heightFor(container.clientHeight);
  let width = Math.max(200, Math.floor(container.clientWidth));
  const fontPx = layout.fontPx ?? 12;
  const axis = {
    font: `${fontPx}px system-ui, sans-serif`,
    stroke: palette.axis,
    grid: { stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid },
  };
  const clock = (ts: number, withSeconds: boolean) => formatTime(ts * 1000, timeZone, ts * 1000, withSeconds);
  const opts: uPlot.Options = {
    width,
    height,
    tzDate: zonedDate(timeZone),
    cursor: { drag: { x: false, y: false } }, // live data: zooming would be undone every second
    scales: { x: { time: true }, y: { range: (_u, min, max) => spec.yRange(min, max) } },
    axes: [
      // x ticks at least ~6 characters apart, so "18:03" labels never run together
      {
        ...axis,
        space: fontPx * 5.5,
        values: (_u, splits, _i, _space, incr) => splits.map((ts) => clock(ts, incr < 60)),
      },
      {
        ...axis,
        space: fontPx * 2.5,
        size: fontPx * 4.7,
        ...(spec.yIncrs ? { incrs: spec.yIncrs } : {}),
        values: (_u, splits) => splits.map((v) => spec.formatY(v)),
      },
    ],
    series: [
      { label: t('series.time'), value: (u, ts, _s, idx) => orNewest(u, 0, ts, idx, (v) => clock(v, true)) },
      ...spec.series.map((s, i) => ({
        label: s.label,
        stroke: s.stroke,
        fill: s.fill,
        dash: s.dash,
        width: 2,
        spanGaps: false,
        points: {
          size: POINT_PX,
          space: POINT_PX * 2,
          fill: s.stroke,
          filter: (u: uPlot, si: number, show: boolean) => {
            const picked = drawnPoints(u.data[0], u.data[si] ?? [], marks, width / (POINT_PX * 2));
            const x = u.data[0];
            drawn[si - 1] = (show ? allShown(u.data[si] ?? []) : picked).map((i) => x[i]!);
            return show || picked.length === 0 ? null : picked;
          },
        },
        value: (u: uPlot, v: number | null, _s: number, idx: number | null) =>
          orNewest(u, i + 1, v, idx, spec.formatLegend ?? spec.formatY),
      })),
    ],
    plugins: spec.plugins ?? [],
  };
  let marks: readonly number[] = [];
  const drawn: number[][] = spec.series.map(() => []);
  const empty: AlignedColumns = [[], ...spec.series.map(() => [])];
  const plot = new uPlot(opts, empty as uPlot.AlignedData, container);

  let pending: { data: AlignedColumns; marks: readonly number[] } | undefined;
  let sizeChanged = false;
  const draw = () => {
    if (sizeChanged) plot.setSize({ width, height });
    if (pending) {
      marks = pending.marks;
      plot.setData(pending.data as uPlot.AlignedData);
    }
    sizeChanged = false;
    pending = undefined;
  };
  const redraw = frameCoalescer(draw);

  const resizes = new ResizeObserver((entries) => {
    const rect = entries[0]?.contentRect;
    const w = Math.floor(rect?.width ?? width);
    const h = heightFor(rect?.height ?? 0);
    if (w > 0 && (w !== width || h !== height)) {
      width = w;
      height = h;
      sizeChanged = true;
      redraw.request();
    }
  });
  resizes.observe(container);

  return {
    setData(data, newMarks = []) {
      pending = { data, marks: newMarks };
      if (plot.data[0].length > 0) return redraw.request();
      // uPlot draws in a microtask: further data in this task is drawn once, later data in the next frame.
      redraw.cancel();
      draw();
    },
    points: () => drawn.map((d) => [...d]),
    destroy() {
      resizes.disconnect();
      redraw.cancel();
      plot.destroy();
    },
  };
}

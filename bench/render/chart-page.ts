// Browser side of the render scenario (bundled by vite, run in Chromium): 24 h at 1 s × 4 series drawn by the
// dashboard's own chart (createTimeSeriesChart, fed from its KpiStreamBuffer) and by bare uPlot, then live
// appends of one row per animation frame. Results are read by the scenario through window.benchRender.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { createTimeSeriesChart } from '../../client/charts/time-series-chart';
import { KpiStreamBuffer } from '../../client/live/stream-buffer';

const SERIES = ['In', 'Out', 'p50', 'p95'];
const COLORS = ['#56b4e9', '#e69f00', '#3ec99a', '#c39bff'];

/** A KPI-like random walk per series, with a rare gap (null: no data). */
function row(t: number, prev: number[]): { t: number[]; values: (number | null)[][] } {
  const values = prev.map((v, i) => {
    const next = Math.max(0, v + (Math.random() - 0.5) * (i < 2 ? 4 : 300));
    prev[i] = next;
    return Math.random() < 0.002 ? null : Math.round(next);
  });
  return { t: [t], values: values.map((v) => [v]) };
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? Number.NaN;

async function run(seconds: number, appends: number) {
  const el = document.getElementById('chart')!;
  const walk = [40, 38, 4500, 7000];
  const buffer = new KpiStreamBuffer({ columns: SERIES.length, maxRows: seconds, maxAgeSeconds: seconds });
  const end = Math.floor(Date.now() / 1000);
  for (let t = end - seconds + 1; t <= end; t++) buffer.applyAppend(row(t, walk));
  const columns = SERIES.map((_, i) => i);
  const data = buffer.aligned(columns);

  // Bare uPlot: the floor for this much data. The very first draw of the page pays for compiling uPlot and
  // loading fonts (a cold page load); the second is the warm reference.
  const bareDraw = async (): Promise<number> => {
    const holder = document.createElement('div');
    document.body.append(holder);
    const start = performance.now();
    let ms = Number.NaN;
    const plot = new uPlot(
      {
        width: el.clientWidth,
        height: 300,
        series: [{}, ...SERIES.map((label, i) => ({ label, stroke: COLORS[i]! }))],
        hooks: { draw: [() => (ms = performance.now() - start)] },
      },
      data as uPlot.AlignedData,
      holder,
    );
    await nextFrame();
    plot.destroy();
    holder.remove();
    return ms;
  };
  const coldBareMs = await bareDraw();
  const bareMs = await bareDraw();

  // The dashboard's chart: first draw of the full day, then live appends.
  const draws: { start: number; end: number; rows: number }[] = [];
  let drawStart = 0;
  const probe: uPlot.Plugin = {
    hooks: {
      drawClear: [() => (drawStart = performance.now())],
      draw: [(u) => draws.push({ start: drawStart, end: performance.now(), rows: u.data[0].length })],
    },
  };
  const chart = createTimeSeriesChart(
    el,
    {
      series: SERIES.map((label, i) => ({ label, stroke: COLORS[i]! })),
      formatY: String,
      yRange: (_a, b) => [0, (b ?? 1) * 1.1],
      height: 300,
      plugins: [probe],
    },
    'Asia/Shanghai',
  );
  const t0 = performance.now();
  chart.setData(buffer.aligned(columns));
  while (!draws.some((d) => d.rows === seconds)) await nextFrame();
  const first = draws.find((d) => d.rows === seconds)!;

  // Frame pacing of this (headless) browser with nothing to do, as the reference for the append loop.
  const idleGaps: number[] = [];
  let last = await nextFrame();
  for (let i = 0; i < 20; i++) {
    const now = await nextFrame();
    idleGaps.push(now - last);
    last = now;
  }
  const appendMs: number[] = [];
  const frameGaps: number[] = [];
  for (let i = 1; i <= appends; i++) {
    const a = performance.now();
    buffer.applyAppend(row(end + i, walk));
    chart.setData(buffer.aligned(columns));
    appendMs.push(performance.now() - a);
    const now = await nextFrame();
    frameGaps.push(now - last);
    last = now;
  }
  await nextFrame();
  const redraws = draws.slice(draws.indexOf(first) + 1).map((d) => d.end - d.start);
  chart.destroy();
  return {
    coldBareFirstDrawMs: coldBareMs,
    bareFirstDrawMs: bareMs,
    firstDrawMs: first.end - t0,
    firstDrawCanvasMs: first.end - first.start,
    firstDrawWaitMs: first.start - t0,
    appendDataP95Ms: quantile(appendMs, 0.95),
    redrawP50Ms: quantile(redraws, 0.5),
    redrawP95Ms: quantile(redraws, 0.95),
    frameP50Ms: quantile(frameGaps, 0.5),
    frameP95Ms: quantile(frameGaps, 0.95),
    idleFrameP95Ms: quantile(idleGaps, 0.95),
    redraws: redraws.length,
  };
}

(window as unknown as { benchRender: typeof run }).benchRender = run;

// Browser side of the render scenario (bundled by vite, run in Chromium): 24 h at 1 s × 4 series drawn by the
// dashboard's own chart (createTimeSeriesChart, fed from its KpiStreamBuffer; from setData, as it exists
// before its data) and by bare uPlot (from new uPlot with the data), warm, taking turns, medians; then live
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

/** First draws of each kind (warm), and idle frames measured as the frame-time reference. */
const FIRST_DRAWS = 7;
const IDLE_FRAMES = 60;

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
  // loading fonts (a cold page load); the warm ones after it are the reference.
  const holderOf = () => {
    const holder = document.createElement('div');
    holder.style.width = `${el.clientWidth}px`;
    document.body.append(holder);
    return holder;
  };
  const bareDraw = async (): Promise<number> => {
    const holder = holderOf();
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

  // The dashboard's chart, timed like bare uPlot: created, given the day, drawn. The probe marks where each
  // draw starts (after data and scales) and ends.
  const draws: { start: number; end: number; rows: number }[] = [];
  let drawStart = 0;
  const probe: uPlot.Plugin = {
    hooks: {
      drawClear: [() => (drawStart = performance.now())],
      draw: [(u) => draws.push({ start: drawStart, end: performance.now(), rows: u.data[0].length })],
    },
  };
  const dashboardChart = (holder: HTMLElement) =>
    createTimeSeriesChart(
      holder,
      {
        series: SERIES.map((label, i) => ({ label, stroke: COLORS[i]! })),
        formatY: String,
        yRange: (_a, b) => [0, (b ?? 1) * 1.1],
        height: 300,
        plugins: [probe],
      },
      'Asia/Shanghai',
    );
  // As in the views, the chart exists (empty) before its data arrives: timed from setData to the draw, and
  // its creation (constructor and empty draw) timed apart.
  const dashboardDraw = async () => {
    const holder = holderOf();
    draws.length = 0;
    const c0 = performance.now();
    const chart = dashboardChart(holder);
    while (draws.length === 0) await nextFrame();
    const createMs = draws[0]!.end - c0;
    const t0 = performance.now();
    chart.setData(data);
    while (!draws.some((d) => d.rows === seconds)) await nextFrame();
    const first = draws.find((d) => d.rows === seconds)!;
    chart.destroy();
    holder.remove();
    return { ms: first.end - t0, waitMs: first.start - t0, canvasMs: first.end - first.start, createMs };
  };

  const coldBareMs = await bareDraw();
  // Warm first draws, bare and dashboard taking turns; medians, as the box is shared.
  const bare: number[] = [];
  const dash: Awaited<ReturnType<typeof dashboardDraw>>[] = [];
  for (let k = 0; k < FIRST_DRAWS; k++) {
    bare.push(await bareDraw());
    dash.push(await dashboardDraw());
  }
  const median = (xs: number[]) => quantile(xs, 0.5);

  // Live appends to a dashboard chart holding the day.
  const chart = dashboardChart(el);
  chart.setData(buffer.aligned(columns));
  while (!draws.some((d) => d.rows === seconds)) await nextFrame();
  draws.length = 0;

  // Frame pacing of this (headless) browser with nothing to do, as the reference for the append loop.
  const idleGaps: number[] = [];
  let last = await nextFrame();
  for (let i = 0; i < IDLE_FRAMES; i++) {
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
  const redraws = draws.map((d) => d.end - d.start);
  chart.destroy();

  // Bare uPlot appending the same way (setData per frame): the floor for the frame time, with uPlot's 1 px
  // lines and with the dashboard's 2 px ones (a software-rastered stroke costs several times a hairline).
  let appended = appends;
  const bareAppends = async (lineWidth: number): Promise<number[]> => {
    const holder = holderOf();
    const opts = {
      width: el.clientWidth,
      height: 300,
      series: [{}, ...SERIES.map((label, i) => ({ label, stroke: COLORS[i]!, width: lineWidth }))],
    };
    const plot = new uPlot(opts, buffer.aligned(columns) as uPlot.AlignedData, holder);
    const gaps: number[] = [];
    let prev = await nextFrame();
    for (let i = 0; i < appends; i++) {
      buffer.applyAppend(row(end + ++appended, walk));
      plot.setData(buffer.aligned(columns) as uPlot.AlignedData);
      const now = await nextFrame();
      gaps.push(now - prev);
      prev = now;
    }
    plot.destroy();
    holder.remove();
    return gaps;
  };
  const bareFrameGaps = await bareAppends(1);
  const bareWideFrameGaps = await bareAppends(2);
  return {
    coldBareFirstDrawMs: coldBareMs,
    firstDraws: FIRST_DRAWS,
    idleFrames: IDLE_FRAMES,
    bareFirstDrawMs: median(bare),
    firstDrawMs: median(dash.map((d) => d.ms)),
    firstDrawCanvasMs: median(dash.map((d) => d.canvasMs)),
    firstDrawWaitMs: median(dash.map((d) => d.waitMs)),
    createMs: median(dash.map((d) => d.createMs)),
    appendDataP95Ms: quantile(appendMs, 0.95),
    redrawP50Ms: quantile(redraws, 0.5),
    redrawP95Ms: quantile(redraws, 0.95),
    frameP50Ms: quantile(frameGaps, 0.5),
    frameP95Ms: quantile(frameGaps, 0.95),
    bareFrameP50Ms: quantile(bareFrameGaps, 0.5),
    bareFrameP95Ms: quantile(bareFrameGaps, 0.95),
    bareWideFrameP50Ms: quantile(bareWideFrameGaps, 0.5),
    bareWideFrameP95Ms: quantile(bareWideFrameGaps, 0.95),
    idleFrameP95Ms: quantile(idleGaps, 0.95),
    redraws: redraws.length,
  };
}

(window as unknown as { benchRender: typeof run }).benchRender = run;

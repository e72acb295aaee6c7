// Scenario 5, client render: in Chromium, the first draw of 24 h at 1 s × 4 series through the dashboard's
// chart (bare uPlot alongside as the reference) and the frame time while live rows are appended.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../../client/testing/chromium';
import { makeRow, ratioAtMost, ratioBelow } from '../report/rows';
import type { Scenario } from './scenario';

const entry = fileURLToPath(new URL('../render/chart-page.ts', import.meta.url));

interface RenderFigures {
  coldBareFirstDrawMs: number;
  firstDraws: number;
  createMs: number;
  idleFrames: number;
  bareFirstDrawMs: number;
  firstDrawMs: number;
  firstDrawCanvasMs: number;
  firstDrawWaitMs: number;
  appendDataP95Ms: number;
  redrawP50Ms: number;
  redrawP95Ms: number;
  frameP50Ms: number;
  frameP95Ms: number;
  idleFrameP95Ms: number;
  bareFrameP50Ms: number;
  bareFrameP95Ms: number;
  bareWideFrameP50Ms: number;
  bareWideFrameP95Ms: number;
  redraws: number;
}

/** Bundles the page script (and uPlot's CSS) into a temp dir; returns their text. */
async function bundle(): Promise<{ js: string; css: string }> {
  const outDir = mkdtempSync(join(tmpdir(), 'portpulse-bench-render-'));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        outDir,
        minify: false, // readable names in profiles
        lib: { entry, formats: ['iife'], name: 'benchRenderPage', fileName: () => 'page.js' },
      },
    });
    const files = readdirSync(outDir);
    const read = (ext: string) =>
      files
        .filter((f) => f.endsWith(ext))
        .map((f) => readFileSync(join(outDir, f), 'utf8'))
        .join('\n');
    return { js: read('.js'), css: read('.css') };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export const clientRenderScenario: Scenario = {
  name: 'client-render',
  async run(ctx) {
    const { seconds, liveAppends } = ctx.sizes.render;
    const page = await bundle();
    const browser = await launchChromium();
    try {
      await browser.page.setContent(
        '<!doctype html><body style="margin:0"><div id="chart" style="width:1400px"></div></body>',
      );
      await browser.page.addStyleTag({ content: page.css });
      await browser.page.addScriptTag({ content: `${page.js}\n//# sourceURL=bench-render-page.js` });
      const cdp = ctx.profileDir ? await browser.page.context().newCDPSession(browser.page) : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      }
      const f = (await browser.page.evaluate(
        ([s, n]) =>
          (window as unknown as { benchRender(s: number, n: number): Promise<unknown> }).benchRender(s!, n!),
        [seconds, liveAppends],
      )) as RenderFigures;
      if (cdp) {
        const { profile } = await cdp.send('Profiler.stop');
        mkdirSync(ctx.profileDir!, { recursive: true });
        writeFileSync(join(ctx.profileDir!, 'client-render.cpuprofile'), JSON.stringify(profile));
      }
      if (browser.pageErrors.length > 0) throw new Error(`page errors: ${browser.pageErrors.join('; ')}`);
      const scenario = '5 client render';
      return {
        details: { seconds, series: 4, liveAppends, ...f },
        rows: [
          makeRow(scenario, {
            metric: `first draw, ${seconds.toLocaleString('en-US')} s × 4 series (dashboard chart)`,
            unit: 'ms',
            value: f.firstDrawMs,
            reference: { label: 'bare uPlot', value: f.bareFirstDrawMs },
            goal: ratioAtMost(1.1, '≤ 1.1× bare uPlot'),
            note: `medians of ${f.firstDraws} warm draws each, taking turns; the dashboard chart from setData (it exists before its data, as in the views; creating it took ${f.createMs.toFixed(1)} ms before), bare uPlot from new uPlot with the data: ${f.firstDrawWaitMs.toFixed(1)} ms until the draw starts (data, scales, waiting for a frame if any), ${f.firstDrawCanvasMs.toFixed(1)} ms drawing; the page's very first uPlot draw (cold) took ${f.coldBareFirstDrawMs.toFixed(0)} ms`,
          }),
          makeRow(scenario, {
            metric: 'redraw per live append, p95',
            unit: 'ms',
            value: f.redrawP95Ms,
            note: `p50 ${f.redrawP50Ms.toFixed(1)} ms over ${f.redraws} redraws; buffer append + aligned() p95 ${f.appendDataP95Ms.toFixed(1)} ms`,
          }),
          makeRow(scenario, {
            metric: 'frame time while appending every frame, p95',
            unit: 'ms',
            value: f.frameP95Ms,
            reference: { label: 'idle page', value: f.idleFrameP95Ms },
            goal: ratioBelow(2, 'p95 < 2× idle page'),
            note: `p50 ${f.frameP50Ms.toFixed(1)} ms over ${liveAppends} appends (one per frame); idle page over ${f.idleFrames} frames`,
          }),
          makeRow(scenario, {
            metric: 'frame time while appending every frame, p95, bare uPlot',
            unit: 'ms',
            value: f.bareFrameP95Ms,
            reference: { label: 'idle page', value: f.idleFrameP95Ms },
            note: `p50 ${f.bareFrameP50Ms.toFixed(1)} ms: the same appends drawn by bare uPlot (setData per frame, 1 px lines); with the dashboard's 2 px lines p50 ${f.bareWideFrameP50Ms.toFixed(1)} ms, p95 ${f.bareWideFrameP95Ms.toFixed(1)} ms (Chromium rasters canvas strokes in software here: --disable-gpu)`,
          }),
        ],
      };
    } finally {
      await browser.close();
    }
  },
};

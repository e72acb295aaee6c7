// Soak: two compressed days of live data replayed into a rotating wall view, with Chromium's heap
// measured through CDP after forced GCs. Memory must stay flat: every client buffer is bounded by length and
// age, and rotating sites, redrawing charts and boards leaks nothing. Prints start / peak / end heap.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { type RunningServer, startServer } from '../../server/start-server';
import { tempDir, testConfig } from '../../server/testing/test-config';
import { type Browser, launchChromium, screenshot } from '../testing/chromium';
import { type FakeHub, fakeLiveHub } from '../testing/fake-live-hub';
import { connectionStats } from '../testing/live-page';

const staticDir = fileURLToPath(new URL('../../dist/client', import.meta.url));
const STEP_S = 120; // hub seconds per message round
const ROUNDS = 1440; // 1440 × 120 s = 48 h
let server: RunningServer;
let browser: Browser;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(testConfig(dir.path, { PORTPULSE_STATIC_DIR: staticDir }), silentLogger);
  browser = await launchChromium({
    viewport: { width: 1920, height: 1080 },
    args: ['--enable-precise-memory-info'],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  dir?.remove();
});

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('wall soak', () => {
  it('replays 48 h of live data into a rotating wall and its heap stays flat', {
    timeout: 150_000,
  }, async () => {
    const { page } = browser;
    let hub: FakeHub | undefined;
    await page.routeWebSocket(/\/api\/live$/, (ws) => {
      hub = fakeLiveHub(ws, server.deps.sites, Date.now());
    });
    await page.goto(`${server.url}/?mode=wall&rotate=3`);
    await expect
      .poll(() => hub !== undefined && page.locator('[data-kpi="sla_share"]').textContent())
      .not.toBe('—');
    const cdp = await page.context().newCDPSession(page);
    const heap = async (gc: boolean) => {
      if (gc) await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const dom = async () =>
      (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };

    const t0 = Date.now();
    let start = 0;
    let peak = 0;
    const settled: number[] = []; // heap after a forced GC, every 4 h of hub time
    let startDom = { nodes: 0, jsEventListeners: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      hub!.advance(STEP_S);
      await sleep(25);
      if (round === 60) {
        start = await heap(true); // after 2 h of hub time: buffers full, the first sites shown
        startDom = await dom();
      } else if (round > 60 && round % 20 === 0) {
        peak = Math.max(peak, await heap(false));
        if (round % 120 === 0) settled.push(await heap(true));
      }
    }
    await sleep(500);
    const end = await heap(true);
    const endDom = await dom();
    const state = await page.evaluate(() => {
      const { feed } = (
        window as unknown as {
          portpulse: {
            feed: {
              kpis: { length: number };
              events: { list(k: string): unknown[] };
              alerts: { active(): unknown[]; recent(): unknown[] };
            };
          };
        }
      ).portpulse;
      return {
        rows: feed.kpis.length,
        gate: feed.events.list('gate_scan').length,
        alerts: feed.alerts.active().length + feed.alerts.recent().length,
      };
    });
    const stats = await connectionStats(page);
    console.log(
      `wall soak: ${(ROUNDS * STEP_S) / 3600} h of hub time in ${((Date.now() - t0) / 1000).toFixed(1)} s, ` +
        `${hub!.sent} messages (${stats.invalidMessages} invalid); heap start ${(start / MB).toFixed(1)} MB, ` +
        `peak ${(peak / MB).toFixed(1)} MB (between GCs), end ${(end / MB).toFixed(1)} MB; after GC every 4 h: ` +
        `${settled.map((b) => (b / MB).toFixed(1)).join(' ')} MB; DOM nodes ${startDom.nodes} → ${endDom.nodes}, ` +
        `listeners ${startDom.jsEventListeners} → ${endDom.jsEventListeners}; buffers: ${state.rows} KPI rows, ` +
        `${state.gate} gate scans, ${state.alerts} alerts`,
    );
    await screenshot(page, 'wall-soak-end');
    expect(stats.invalidMessages).toBe(0);
    expect(state.rows).toBeLessThanOrEqual(3660);
    expect(state.gate).toBeLessThanOrEqual(50);
    expect(end - start).toBeLessThan(8 * MB);
    expect(Math.max(...settled) - start).toBeLessThan(8 * MB);
    expect(endDom.nodes).toBeLessThan(startDom.nodes * 1.5 + 500);
    expect(endDom.jsEventListeners).toBeLessThan(startDom.jsEventListeners + 50);
    expect(browser.pageErrors).toEqual([]);
  });
});

// The operator view's time ranges, alerts and layout in Chromium against the real server and simulators:
// history joined to live rows with no gap and no duplicate, values equal to GET /api/kpis/history, a server
// alert listed as the API lists it (a plate full of markup stays text), charts that follow the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/start-server';
import { type KpiHistoryResponse, kpiHistoryResponseSchema } from '../../shared/live/kpi-history';
import { type Browser, screenshot } from '../testing/chromium';
import { chartData, timeline, waitForState } from '../testing/live-page';
import { type LiveStack, startLiveStack } from '../testing/live-stack';

const SITE = 'hgh-xiasha';
let stack: LiveStack;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startLiveStack({
    simulate: { seed: 11, backfillHours: 3 },
    browser: { viewport: { width: 1920, height: 1080 } },
  });
  ({ server, browser } = stack);
});
afterAll(() => stack?.stop());

async function apiHistory(range: string): Promise<KpiHistoryResponse> {
  const res = await fetch(`${server.url}/api/kpis/history?site=${SITE}&range=${range}`);
  return kpiHistoryResponseSchema.parse(await res.json());
}

describe('operator view: time ranges, alerts, layout', () => {
  it('joins 6 h of server history to the live stream: no gap, no duplicate, the API values', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?site=${SITE}&range=6h`);
    await waitForState(page, 'open');
    // 3 h of simulated history: far more than the live snapshot's hour, so the history must have loaded.
    await expect
      .poll(async () => (await chartData(page, 'gate-flow'))?.[0].length ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(150);
    const [t, vin, vout] = (await chartData(page, 'gate-flow'))!;
    const { ascending, maxGap } = timeline(t);
    expect(ascending).toBe(true);
    expect(maxGap).toBeLessThanOrEqual(60);
    expect(t.at(-1)! - t[0]!).toBeGreaterThan(2.5 * 3600);

    const api = await apiHistory('6h');
    const col = (name: string) => api.frame.values[api.kpiColumns.indexOf(name)]!;
    const shown = new Map(t.map((x, i) => [x, [vin![i], vout![i]]]));
    const compared = api.frame.t.filter((x) => shown.has(x) && x < t.at(-1)! - 120);
    expect(compared.length).toBeGreaterThan(150);
    for (const x of compared) {
      const i = api.frame.t.indexOf(x);
      expect([x, ...shown.get(x)!]).toEqual([
        x,
        col('vehicles_in_per_min')[i],
        col('vehicles_out_per_min')[i],
      ]);
    }
    await screenshot(page, 'operator-range-6h');

    await page.click('[data-testid="range-picker"] [data-range="15m"]');
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('15m');
    await expect
      .poll(async () => {
        const [t15] = (await chartData(page, 'processing'))!;
        return t15.at(-1)! - t15[0]! <= 900 && timeline(t15).maxGap <= 2;
      })
      .toBe(true);
    expect(browser.pageErrors).toEqual([]);
  });

  it('lists a server alert as GET /api/alerts does, with a plate full of markup shown as text', async () => {
    const { page } = browser;
    const plate = '<img src=x onerror=alert(1)>';
    const weighing = {
      measurement: 'weighbridge',
      time: Date.now() - 1000,
      site: SITE,
      bridge: 'WB-9',
      direction: 'in',
      plate,
      axles: 3,
      gross_kg: 29_500,
      tare_kg: 12_000,
      net_kg: 17_500,
      rated_payload_kg: 14_000,
      stable: true,
    };
    const res = await fetch(`${server.url}/api/events`, { method: 'POST', body: JSON.stringify([weighing]) });
    expect(res.status).toBe(204);
    const row = page.locator('[data-testid="alert-row"][data-kind="overweight"]', { hasText: plate });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.textContent()).toMatch(/CRITICAL.*29\.5 t on 3 axles, limit 25\.0 t \(\+4\.5 t\)/);
    expect(await page.locator('img').count()).toBe(0); // text, never markup
    const api = await (await fetch(`${server.url}/api/alerts?site=${SITE}`)).json();
    const id = await row.getAttribute('data-alert-id');
    expect(api.active.find((a: { id: string }) => a.id === id)).toMatchObject({ plate, grossKg: 29_500 });
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'operator-alerts');
  });

  it('shows flow per gate lane as GET /api/kpis/lanes does', async () => {
    const { page } = browser;
    const rows = page.locator('[data-testid="lane-row"]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect
      .poll(
        async () => {
          const api = await (await fetch(`${server.url}/api/kpis/lanes?site=${SITE}`)).json();
          const shown = await rows.evaluateAll((trs) =>
            trs.map((tr) => [
              tr.getAttribute('data-lane'),
              Number(tr.querySelector('[data-raw]')?.getAttribute('data-raw')),
            ]),
          );
          const expected = api.lanes.map((l: { gate: string; lane: string; inPerMin: number }) => [
            `${l.gate}/${l.lane}`,
            l.inPerMin,
          ]);
          return (
            shown.length === expected.length &&
            shown.every(
              ([id, v], i) => id === expected[i][0] && Math.abs((v as number) - expected[i][1]) <= 0.2,
            )
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await page.locator('[data-testid="lane-panel"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'operator-lanes');
  });

  it('resizes its charts with the window, down to a laptop', async () => {
    const { page } = browser;
    // The canvas follows its card: 4 charts a row on the 1920 px wall, 2 on a 1280 px laptop.
    const measure = () =>
      page.locator('[data-testid="chart-gate-flow"]').evaluate((plot) => {
        const canvas = plot.querySelector('canvas')!;
        return { canvas: canvas.clientWidth, card: plot.clientWidth };
      });
    const wide = await measure();
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect
      .poll(async () => {
        const now = await measure();
        return now.card !== wide.card && Math.abs(now.canvas - now.card) <= 2;
      })
      .toBe(true);
    await screenshot(page, 'operator-laptop');
    expect(browser.pageErrors).toEqual([]);
  });
});

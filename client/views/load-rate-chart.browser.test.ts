// The operator view's load-rate chart shows every weighing of its range, in Chromium against the real server:
// a few weighings minutes apart on the hour's axis each get a point at the row that first counts them, and
// the first weighing of a site (one value after an hour of "no data", which a line cannot draw) is a point,
// not nothing, while its tile already shows the load rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weighbridgeReading } from '../../shared/events/testing/event-builders';
import { palette } from '../charts/palette';
import { screenshot } from '../testing/chromium';
import { chartData, chartPixels, chartPoints, waitForState } from '../testing/live-page';
import { type LiveStack, startLiveStack } from '../testing/live-stack';

let stack: LiveStack;
beforeAll(async () => {
  stack = await startLiveStack({ browser: { viewport: { width: 1600, height: 1000 } } });
});
afterAll(() => stack?.stop());

async function post(events: object[]): Promise<void> {
  const res = await fetch(`${stack.server.url}/api/events`, { method: 'POST', body: JSON.stringify(events) });
  expect(res.status, await res.text()).toBe(204);
}

const weighing = (site: string, time: number, plate: string, netKg: number) =>
  weighbridgeReading({ site, time, plate, net_kg: netKg, gross_kg: netKg + 9000, rated_payload_kg: 16_000 });

async function open(site: string): Promise<void> {
  const { page } = stack.browser;
  await page.goto(`${stack.server.url}/?site=${site}&range=1h`);
  await waitForState(page, 'open');
}

/** The times (epoch s) of the rows drawn as points on the load-rate line at its last draw. */
async function pointTimes(): Promise<number[]> {
  return (await chartPoints(stack.browser.page, 'load-rate'))?.[0] ?? [];
}

describe('load-rate chart', () => {
  it('puts a point on each weighing of the hour, minutes apart', async () => {
    const site = 'hgh-xiasha';
    const now = Date.now();
    const times = [9, 6, 3].map((m) => now - m * 60_000);
    await post(times.map((t, i) => weighing(site, t, `浙A·LR${i}`, 14_000 + i * 3000)));
    await open(site);
    const { page } = stack.browser;
    await expect.poll(async () => (await pointTimes()).length, { timeout: 15_000 }).toBe(3);
    const drawn = await pointTimes();
    // Each point is on the first row that counts its weighing (rows are whole seconds).
    drawn.forEach((t, i) => {
      expect(t * 1000).toBeGreaterThanOrEqual(times[i]!);
      expect(t * 1000 - times[i]!).toBeLessThan(2000);
    });
    // The line runs from the first weighing's minute (rows read whole minute buckets) to now, unbroken.
    const [t, rate] = (await chartData(page, 'load-rate'))!;
    const firstValue = rate!.findIndex((v) => v != null);
    expect(t[firstValue]).toBe(Math.floor(times[0]! / 60_000) * 60);
    expect(rate!.slice(firstValue).every((v) => v != null)).toBe(true);
    await screenshot(page, 'load-rate-weighings');
  });

  it('draws the first weighing of a site at once, as a point', async () => {
    const site = 'yiwu-customs';
    const { page } = stack.browser;
    await open(site);
    await post([weighing(site, Date.now() - 500, '浙G·FIRST', 20_000)]);
    await expect
      .poll(() => page.locator('[data-kpi="load_rate_1h"]').getAttribute('data-raw'), { timeout: 15_000 })
      .toBe('1.25');
    // What is on the canvas: a point of the series' colour (about 40 px), not a line of a pixel or nothing.
    await expect
      .poll(() => chartPixels(page, 'load-rate', palette.loadRate), { timeout: 10_000 })
      .toBeGreaterThan(20);
    expect(await pointTimes()).toHaveLength(1);
    await screenshot(page, 'load-rate-first-weighing');
  });
});

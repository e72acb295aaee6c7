// The operator view in Debian's Chromium against the real server fed by the real simulators: what a person
// sees must match the server's API, and the charts must move as events arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/start-server';
import { type Browser, screenshot } from '../testing/chromium';
import { writeStaffOnSite } from '../testing/gate-traffic';
import { chartData } from '../testing/live-page';
import { type LiveStack, startLiveStack } from '../testing/live-stack';

let stack: LiveStack;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startLiveStack({
    simulate: { seed: 7, backfillHours: 0.5 },
    browser: { viewport: { width: 1920, height: 1080 } },
  });
  ({ server, browser } = stack);
});
afterAll(() => stack?.stop());

const tile = (kpi: string) => browser.page.locator(`[data-kpi="${kpi}"]`);

describe('operator view', () => {
  // Each wait below is for data (up to 30 s on a loaded machine); the test's own timeout leaves them room.
  it('goes live, shows KPI values that match the API, and charts that update', {
    timeout: 240_000,
  }, async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?site=can-baiyun`);
    await expect
      .poll(() => page.getAttribute('[data-testid="connection-state"]', 'data-state'), { timeout: 20_000 })
      .toBe('open');
    // The simulators' short backfill starts after their shift badged in: the test writes the staff it shows.
    const staff = await writeStaffOnSite(server.url, 'can-baiyun');
    await expect.poll(() => tile('vehicles_in_per_min').textContent(), { timeout: 20_000 }).not.toBe('—');

    // Departures over 24 h change rarely: the tile must show exactly what the API says.
    await expect
      .poll(
        async () => {
          const api = await (await fetch(`${server.url}/api/kpis/live?site=can-baiyun`)).json();
          // No departure in the window yet: the API says null and the tile shows no value (data-raw '').
          return (
            (await tile('departures_24h').getAttribute('data-raw')) === String(api.kpis.departures_24h ?? '')
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    // The gate-flow chart itself moves: its newest point advances with the stream and stays near the server's
    // now. On a loaded machine the page may be a few ticks behind for a moment, so this waits for a moment the
    // chart has caught up (within 10 s of the server's clock); a chart stuck behind never gets there.
    const newest = async () => (await chartData(page, 'gate-flow'))?.[0].at(-1) ?? 0;
    const first = await newest();
    await expect.poll(newest, { timeout: 30_000 }).toBeGreaterThanOrEqual(first + 3);
    const lag = async () => {
      const { at } = await (await fetch(`${server.url}/api/kpis/live?site=can-baiyun`)).json();
      return at / 1000 - (await newest());
    };
    await expect.poll(lag, { timeout: 30_000 }).toBeLessThan(10);
    const [, vehiclesIn] = (await chartData(page, 'gate-flow'))!;
    expect(vehiclesIn?.some((v) => typeof v === 'number' && v > 0)).toBe(true);
    await expect(
      page.locator('[data-testid="chart-gate-flow"] .uplot canvas').count(),
    ).resolves.toBeGreaterThan(0);
    // A departure written through the API appears on the board with its flight number and delay label.
    const aobt = Date.now() - 2000;
    const departure = {
      measurement: 'flight_departure',
      time: aobt,
      site: 'can-baiyun',
      airport: 'CAN',
      carrier: 'CZ',
      destination: 'FRA',
      flight_no: 'CZ7777',
      sobt: aobt - 40 * 60_000,
      aobt,
      cargo_kg: 48_000,
      capacity_kg: 60_000,
      parcels: 5200,
    };
    const res = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      body: JSON.stringify([departure]),
    });
    expect(res.status).toBe(204);
    const row = page.locator('[data-testid="departure-row"]', { hasText: 'CZ7777' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.textContent()).toMatch(/Delayed/);
    // The departures tile counts it at the next KPI tick, as the API does (the screenshot shows both agree).
    await expect
      .poll(
        async () => {
          const api = await (await fetch(`${server.url}/api/kpis/live?site=can-baiyun`)).json();
          const shown = await tile('departures_24h').getAttribute('data-raw');
          return shown === String(api.kpis.departures_24h) && api.kpis.on_time_share_24h < 1;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await expect
      .poll(() => page.locator('[data-testid="weighbridge-row"]').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number(await page.locator('[data-kpi="staff_on_site"]').getAttribute('data-raw')), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(staff);
    await screenshot(page, 'operator-view');
    expect(browser.pageErrors).toEqual([]);
  });

  it('switches site from the picker and updates the URL', async () => {
    const { page } = browser;
    await page.selectOption('[data-testid="site-picker"]', 'hrb-harbin');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('site'), { timeout: 20_000 })
      .toBe('hrb-harbin');
    await expect
      .poll(() => page.getAttribute('[data-testid="operator-view"]', 'data-site'), { timeout: 20_000 })
      .toBe('hrb-harbin');
    // Harbin has no airport: departures are "no data", shown as a dash, never 0.
    await expect.poll(() => tile('departures_24h').textContent(), { timeout: 20_000 }).toBe('—');
    await screenshot(page, 'operator-view-harbin');
  });
});

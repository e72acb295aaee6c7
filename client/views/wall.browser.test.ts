// The wall / kiosk view at 1920×1080 in Chromium against the real server: full screen with no controls (but
// a small acknowledge button per active alert) and large type, a clock in the site's zone, the age of the
// newest data, figures equal to the API, KPI tiles whose readings fit them (also the widest, "100.0 %", and also on a 1280×720 screen), and rotation from the
// last site to the index summary, whose values are those of GET /api/indices.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulationHandle, startSimulation } from '../../collectors/simulate/run-simulation';
import { silentLogger } from '../../server/logger';
import { syntheticEvents } from '../../server/rollups/testing/synthetic-events';
import { type RunningServer, startServer } from '../../server/start-server';
import { tempDir, testConfig } from '../../server/testing/test-config';
import { gateScan } from '../../shared/events/testing/event-builders';
import { currentMonth } from '../api/index-summary';
import { type Browser, launchChromium, screenshot } from '../testing/chromium';
import { writeStaffOnSite } from '../testing/gate-traffic';
import { chartData, waitForState } from '../testing/live-page';

const staticDir = fileURLToPath(new URL('../../dist/client', import.meta.url));
let server: RunningServer;
let sim: SimulationHandle;
let browser: Browser;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  const config = testConfig(dir.path, { PORTPULSE_STATIC_DIR: staticDir, PORTPULSE_BROADCAST_MS: '250' });
  server = await startServer(config, silentLogger);
  // 13 months of sparse history, so this month has a year-ago base and the index page shows numbers.
  const now = Date.now();
  const past = syntheticEvents({
    seed: 3,
    sites: server.deps.sites,
    fromMs: now - 400 * 86_400_000,
    toMs: now - 2 * 3_600_000,
    meanGapMinutes: 240,
  });
  for (let i = 0; i < past.length; i += 5000) {
    const res = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      body: JSON.stringify(past.slice(i, i + 5000)),
    });
    expect(res.status).toBe(204);
  }
  sim = await startSimulation({
    url: server.url,
    sites: config.sites,
    speed: 2,
    seed: 5,
    backfillHours: 0.5,
  });
  browser = await launchChromium({ viewport: { width: 1920, height: 1080 } });
});
afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  await server?.close();
  dir?.remove();
});

/**
 * KPI tiles whose content is wider than the tile ("col: scrollWidth > clientWidth"), first with the values
 * shown, then with the widest each tile can show written in for one synchronous layout, then put back.
 */
const overflowingTiles = () =>
  browser.page.evaluate(() => {
    const widest = (kpi: string) =>
      /share|rate/.test(kpi)
        ? '100.0'
        : kpi.endsWith('_ms')
          ? '123.4'
          : kpi.startsWith('overweight')
            ? '999'
            : '1,234';
    const tiles = [...document.querySelectorAll<HTMLElement>('.kpi-tile')];
    const over: string[] = [];
    const check = (what: string) => {
      for (const tile of tiles)
        if (tile.scrollWidth > tile.clientWidth)
          over.push(
            `${what} ${tile.querySelector('[data-kpi]')?.getAttribute('data-kpi')}: ${tile.scrollWidth} > ${tile.clientWidth}`,
          );
    };
    check('shown');
    const values = tiles.map((t) => t.querySelector<HTMLElement>('[data-kpi]')!);
    const shown = values.map((v) => v.textContent);
    for (const v of values) v.textContent = widest(v.dataset.kpi!);
    check('widest');
    values.forEach((v, i) => {
      v.textContent = shown[i] ?? '';
    });
    return over;
  });

const px = (selector: string) =>
  browser.page
    .locator(selector)
    .first()
    .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));

describe('wall view', () => {
  it('fills the screen with large type and no controls (but acknowledge), with a zoned clock, data age and API figures', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?mode=wall&site=can-baiyun`);
    await waitForState(page, 'open');
    // The simulators' short backfill starts after their shift badged in: the test writes the staff it shows.
    const staff = await writeStaffOnSite(server.url, 'can-baiyun');
    await expect
      .poll(() => page.locator('[data-testid="wall-title"]').textContent())
      .toBe('Guangzhou Baiyun Air Cargo');
    // No controls but the small acknowledge button of each active alert (wall-ack.browser.test.ts).
    expect(await page.locator('select, input, a, button:not([data-testid="alert-ack-button"])').count()).toBe(
      0,
    );
    const size = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.scrollHeight,
    ]);
    expect(size[0]).toBeLessThanOrEqual(1920);
    expect(size[1]).toBeLessThanOrEqual(1080);
    expect(await px('.kpi-value')).toBeGreaterThanOrEqual(48);
    expect(await px('[data-testid="wall-clock"]')).toBeGreaterThanOrEqual(48);
    expect(await page.locator('[data-testid="time-zone"]').textContent()).toContain('Asia/Shanghai (UTC+8)');
    // The clock shows Shanghai's now: within 10 s once the page has had a tick (a loaded machine may hold
    // the page's ticker back for a moment, so this waits for a reading that is current, as a person would).
    const clockDrift = async () => {
      const clock = await page.locator('[data-testid="wall-clock"]').textContent();
      const [h, m, s] = clock!.split(':').map(Number);
      const shanghai = new Date(Date.now() + 8 * 3_600_000);
      return Math.abs(
        (((h! - shanghai.getUTCHours()) * 3600 +
          (m! - shanghai.getUTCMinutes()) * 60 +
          (s! - shanghai.getUTCSeconds()) +
          43_200) %
          86_400) -
          43_200,
      );
    };
    await expect.poll(clockDrift).toBeLessThan(10);
    // The simulators feed this site in real time, but a loaded machine can hold them back past the minute
    // the page calls fresh ("1 min · STALE"): the test writes a scan of its own while it waits, so the newest
    // data the page must show is seconds old whatever the simulators' pace.
    const freshScan = async () => {
      const scan = gateScan({ site: 'can-baiyun', time: Date.now(), plate: '粤A12345' });
      const res = await fetch(`${server.url}/api/events`, { method: 'POST', body: JSON.stringify([scan]) });
      expect(res.status).toBe(204);
    };
    await expect
      .poll(
        async () => {
          const age = await page.locator('[data-testid="data-age"]').textContent();
          if (!/^Newest data \d+ s$/.test(age ?? '')) await freshScan();
          return age;
        },
        { timeout: 30_000 },
      )
      .toMatch(/^Newest data \d+ s$/);
    await expect
      .poll(
        async () => {
          const api = await (await fetch(`${server.url}/api/kpis/live?site=can-baiyun`)).json();
          const shown = await page.locator('[data-kpi="on_time_share_24h"]').getAttribute('data-raw');
          return shown === String(api.kpis.on_time_share_24h);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    // The simulators' half hour of backfill is in the chart (after the server redraws the late rows).
    await expect
      .poll(async () => (await chartData(page, 'gate-flow'))?.[1]?.filter((v) => v !== null).length ?? 0, {
        timeout: 20_000,
      })
      .toBeGreaterThan(1500);
    const plotHeight = await page
      .locator('[data-testid="chart-gate-flow"] canvas')
      .first()
      .evaluate((c) => c.clientHeight);
    expect(plotHeight).toBeGreaterThan(350);
    expect(await overflowingTiles()).toEqual([]);
    await expect
      .poll(async () => Number(await page.locator('[data-kpi="staff_on_site"]').getAttribute('data-raw')), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(staff);
    await screenshot(page, 'wall-site');
    expect(browser.pageErrors).toEqual([]);
  });

  it('keeps every KPI reading inside its tile on a 1280×720 screen too', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect
      .poll(() => page.evaluate(() => document.querySelector('.kpi-tile')!.clientWidth))
      .toBeLessThan(160);
    expect(await overflowingTiles()).toEqual([]);
    const size = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.scrollHeight,
    ]);
    expect(size).toEqual([1280, 720]);
    await screenshot(page, 'wall-site-1280');
    await page.setViewportSize({ width: 1920, height: 1080 });
  });

  it('rotates to the index summary and shows what GET /api/indices says, to one decimal', async () => {
    const { page } = browser;
    await sim.stop(); // the month's indices stand still, so the page and the test read the same numbers
    await page.goto(`${server.url}/?mode=wall&site=hrb-harbin&rotate=4`);
    await expect
      .poll(() => page.locator('[data-testid="wall-page"]').textContent(), { timeout: 15_000 })
      .toMatch(/^7 \/ 8 · next in \d s$/);
    await expect
      .poll(() => page.getAttribute('[data-testid="wall-view"]', 'data-page'), { timeout: 15_000 })
      .toBe('indices');
    const api = await (await fetch(`${server.url}/api/indices?month=${currentMonth(Date.now())}`)).json();
    expect(api.indices.composite.value).not.toBeNull();
    for (const name of ['composite', 'volume', 'gate_timeliness']) {
      const v = api.indices[name].value;
      const text = await page.locator(`[data-testid="index-${name}"]`).textContent();
      const oneDecimal = new Intl.NumberFormat('en-US', {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      });
      expect(text).toBe(v === null ? 'no data' : oneDecimal.format(v));
    }
    await screenshot(page, 'wall-indices');
    await expect
      .poll(() => page.getAttribute('[data-testid="wall-view"]', 'data-page'), { timeout: 15_000 })
      .toBe('hgh-xiasha');
    expect(browser.pageErrors).toEqual([]);
  });
});

// Staleness and reconnection in Chromium against the real server, fed event by event by the test: a panel
// says STALE when its stream stops, the page when all data stops; a server restart (same port, same data
// dir) is survived without a reload, and the charts resync from the snapshot with no gap and no duplicate.
// Ten minutes of trucks are written first and the page shows the last 15 min, so the screenshots show a
// filled chart running through the outage, not a few seconds of data on an hour's axis.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger';
import { type RunningServer, startServer } from '../../server/start-server';
import { tempDir, testConfig } from '../../server/testing/test-config';
import { gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { type Browser, launchChromium, screenshot } from '../testing/chromium';
import { chartData, connectionStats, timeline, waitForState } from '../testing/live-page';

const staticDir = fileURLToPath(new URL('../../dist/client', import.meta.url));
const SITE = 'yiwu-customs';
let server: RunningServer;
let browser: Browser;
let dir: ReturnType<typeof tempDir>;
const env = {
  PORTPULSE_STATIC_DIR: staticDir,
  PORTPULSE_BROADCAST_MS: '250',
  PORTPULSE_ALERT_SILENT_SECONDS: '10',
};
const feeding = { gate: true, weighbridge: true };
let n = 0;
let seeded = false; // the pump waits for the seed, so the trucks arrive in time order
const SEED_MINUTES = 10;
const TRUCK_EVERY_MS = 400;

const scan = (time: number, plate: string) =>
  gateScan({ time, site: SITE, gate: 'G1', lane: 'L1', plate, parcels: 20 });
const weighing = (time: number, plate: string) =>
  weighbridgeReading({
    time,
    site: SITE,
    bridge: 'WB1',
    plate,
    axles: 2,
    gross_kg: 15_000,
    tare_kg: 7000,
    net_kg: 8000,
    rated_payload_kg: 10_000,
  });

/** The trucks of the last SEED_MINUTES (one every 400 ms, as the pump sends them), before the page opens. */
async function seed(): Promise<void> {
  const now = Date.now();
  const events: unknown[] = [];
  for (let time = now - SEED_MINUTES * 60_000; time < now; time += TRUCK_EVERY_MS) {
    const plate = `浙F${String(n++).padStart(5, '0')}`;
    events.push(scan(time, plate), weighing(time, plate));
  }
  const res = await fetch(`${server.url}/api/events`, { method: 'POST', body: JSON.stringify(events) });
  expect(res.status).toBe(204);
}

/** Sends a truck through the gate and over the weighbridge every 400 ms, as far as `feeding` allows. */
const pump = setInterval(() => {
  const time = Date.now();
  const plate = `浙G${String(n++).padStart(5, '0')}`;
  const events: unknown[] = [];
  if (feeding.gate) events.push(scan(time, plate));
  if (feeding.weighbridge) events.push(weighing(time, plate));
  if (server && seeded && events.length > 0)
    fetch(`${server.url}/api/events`, { method: 'POST', body: JSON.stringify(events) }).catch(() => {});
}, TRUCK_EVERY_MS);

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(testConfig(dir.path, env), silentLogger);
  await seed();
  seeded = true;
  browser = await launchChromium();
});
afterAll(async () => {
  clearInterval(pump);
  await browser?.close();
  await server?.close();
  dir?.remove();
});

const banner = () => browser.page.locator('[data-testid="stale-banner"]');

describe('staleness and reconnection', () => {
  it('marks the weighbridge panel stale when only its stream stops, the page when all data stops', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?site=${SITE}&staleAfter=4&range=15m`);
    await waitForState(page, 'open');
    await expect
      .poll(() => page.locator('[data-testid="weighbridge-row"]').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await banner().isVisible()).toBe(false);

    feeding.weighbridge = false;
    const panel = page.locator('[data-testid="weighbridge-panel"]');
    await expect.poll(() => panel.getAttribute('data-stale'), { timeout: 20_000 }).toBe('true');
    expect(await page.locator('[data-testid="stale-weighbridge"]').textContent()).toMatch(
      /^STALE · nothing for \d+ s$/,
    );
    expect(
      await page
        .locator('.chart-card', { has: page.locator('[data-testid="chart-gate-flow"]') })
        .getAttribute('data-stale'),
    ).toBe('false');
    expect(await banner().isVisible()).toBe(false); // the gate is still live
    // The server notices too: after PORTPULSE_ALERT_SILENT_SECONDS it raises a silent-collector alert.
    const silent = page.locator('[data-testid="alert-row"][data-kind="silent"][data-cleared="false"]');
    await expect
      .poll(() => silent.textContent(), { timeout: 25_000 })
      .toMatch(/Weighbridge collector silent since/);
    await screenshot(page, 'stale-panel');

    feeding.gate = false;
    await expect.poll(() => banner().isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await banner().textContent()).toMatch(/STALE — no new data for \d+ s \(limit 4 s\)/);
    await screenshot(page, 'stale-banner');
  });

  it('survives a server restart on the same port and data dir, resyncing without gap or duplicate', async () => {
    const { page } = browser;
    feeding.gate = true;
    feeding.weighbridge = true;
    await expect.poll(() => banner().isVisible(), { timeout: 20_000 }).toBe(false);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const before = await connectionStats(page);

    const port = server.port;
    await server.close();
    await waitForState(page, 'closed');
    await expect.poll(() => banner().getAttribute('data-state')).toBe('disconnected');
    expect(await banner().textContent()).toMatch(/DISCONNECTED — reconnecting in \d+ s/);
    await screenshot(page, 'stale-disconnected');

    server = await startServer(testConfig(dir.path, { ...env, PORTPULSE_PORT: String(port) }), silentLogger);
    await waitForState(page, 'open');
    expect((await connectionStats(page)).reconnects).toBeGreaterThan(before.reconnects);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await expect.poll(() => banner().isVisible(), { timeout: 20_000 }).toBe(false);
    // The snapshot after the restart replaced the rows: one per second, none twice, across the outage.
    await expect
      .poll(
        async () => {
          const [t] = (await chartData(page, 'gate-flow'))!;
          const { ascending, maxGap } = timeline(t);
          return ascending && maxGap <= 3 && t.length > 600;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await screenshot(page, 'stale-reconnected');
    expect(
      browser.pageErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e)),
    ).toEqual([]);
  });
});

// Browser safety in Debian's Chromium against the real server with tokens on: markup in device strings
// (plates, flight numbers) and in the site registry (site names) shows as text and never runs; the page
// works under the strict CSP with no violation; the read token is taken out of the URL and keeps the live
// connection, the analyst view and its CSV download working.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchChromium, screenshot } from '../../client/testing/chromium';
import { flightDeparture, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { READ_TOKEN, tokenEnv, tokenHeader, WRITE_TOKEN } from '../testing/auth-fixture';
import { tempDir, testConfig } from '../testing/test-config';

const staticDir = fileURLToPath(new URL('../../dist/client', import.meta.url));
const SITE_NAME = `<img src=x onerror="window.__pwned='site'">`;
const SITE_NAME_ZH = `<script>window.__pwned='zh'</script>`;
const PLATE = '<img src=x onerror=__pwned=1>';
const FLIGHT = '<b>CZ1</b>';
let server: RunningServer;
let browser: Browser;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  const sites = join(dir.path, 'sites.json');
  writeFileSync(
    sites,
    JSON.stringify([
      { id: 'xss-site', name: SITE_NAME, name_zh: SITE_NAME_ZH, province: 'Zhejiang', airport: 'XSS' },
      { id: 'hgh-xiasha', name: 'Hangzhou Xiasha', province: 'Zhejiang' },
    ]),
  );
  const env = {
    ...tokenEnv,
    PORTPULSE_SITES: sites,
    PORTPULSE_STATIC_DIR: staticDir,
    PORTPULSE_BROADCAST_MS: '250',
  };
  server = await startServer(testConfig(join(dir.path, 'data'), env), silentLogger);
  browser = await launchChromium({ viewport: { width: 1600, height: 1000 } });
  await browser.page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  dir?.remove();
});

async function post(events: object[]) {
  const res = await fetch(`${server.url}/api/events`, {
    method: 'POST',
    body: JSON.stringify(events),
    headers: tokenHeader(WRITE_TOKEN),
  });
  expect(res.status, await res.clone().text()).toBe(204);
}
const weighing = (plate: string) => weighbridgeReading({ time: Date.now() - 1000, site: 'xss-site', plate });
const departure = (flight_no: string) => {
  const aobt = Date.now() - 2000;
  return flightDeparture({
    time: aobt,
    site: 'xss-site',
    airport: 'XSS',
    flight_no,
    sobt: aobt - 5 * 60_000,
    aobt,
    cargo_kg: 40_000,
    parcels: 100,
  });
};

const inPage = <T>(fn: () => T) => browser.page.evaluate(fn);
const pwned = () => inPage(() => (window as unknown as { __pwned?: unknown }).__pwned);
const injected = () =>
  inPage(
    () => document.querySelectorAll('img[src="x"], [onerror], td b, option script, select script').length,
  );

describe('device and registry strings are text', () => {
  it('shows markup from ingest and the site registry as text, runs none of it, with a read token from #token=', async () => {
    const { page } = browser;
    await post([weighing(PLATE)]); // arrives in the snapshot
    await page.goto(`${server.url}/?site=xss-site#token=${READ_TOKEN}`);
    await expect
      .poll(() => page.getAttribute('[data-testid="connection-state"]', 'data-state'), { timeout: 20_000 })
      .toBe('open');
    expect(page.url()).not.toContain(READ_TOKEN); // out of the address bar (and never sent: a fragment)
    expect(await inPage(() => sessionStorage.getItem('portpulse.token'))).toBe(READ_TOKEN);
    await post([departure(FLIGHT)]); // arrives as a live append
    const plateRow = page.locator('[data-testid="weighbridge-row"]', { hasText: PLATE });
    await expect.poll(() => plateRow.count(), { timeout: 15_000 }).toBe(1);
    const flightRow = page.locator('[data-testid="departure-row"]', { hasText: FLIGHT });
    await expect.poll(() => flightRow.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('[data-testid="site-picker"] option', { hasText: SITE_NAME }).count()).toBe(1);
    await screenshot(page, 'browser-safety');
    expect(await pwned()).toBeUndefined();
    expect(await injected()).toBe(0);
    expect(await inPage(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('shows the site name as text on the wall screen too', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?mode=wall&site=xss-site`);
    await expect
      .poll(() => page.getByText(SITE_NAME, { exact: false }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await pwned()).toBeUndefined();
    expect(await injected()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  });

  it('keeps the analyst view and its CSV download working with the stored token', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?view=analyst`);
    await expect
      .poll(() => page.getAttribute('[data-testid="analyst-view"]', 'data-state'), { timeout: 15_000 })
      .toBe('ready');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="csv-download"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^\uFEFF/);
    expect(browser.pageErrors).toEqual([]);
  });

  it('asks for a token, instead of showing an empty dashboard, in a tab without one', async () => {
    const page = await browser.page.context().newPage();
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('[data-testid="auth-notice"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('[data-testid="auth-notice"]').textContent()).toMatch(/needs a read token/);
    await page.close();
  });
});

// The API reference page (/docs/api) in Debian's Chromium: it renders every documented operation from
// /openapi.json under the server's strict CSP, with no violation and no page error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchChromium, screenshot } from '../../client/testing/chromium';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tokenEnv } from '../testing/auth-fixture';
import { tempDir, testConfig } from '../testing/test-config';
import { operations } from './operations';

let server: RunningServer;
let browser: Browser;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(testConfig(dir.path, tokenEnv), silentLogger);
  browser = await launchChromium();
  await browser.page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.violatedDirective));
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  dir?.remove();
});

describe('GET /docs/api', () => {
  it('renders every operation, with its authentication, under the CSP', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/docs/api`);
    await expect
      .poll(() => page.locator('section.operation').count(), { timeout: 30_000 })
      .toBe(operations.length);
    const write = page.locator('section.operation[data-path="/api/v2/write"][data-method="post"]');
    expect(await write.locator('.auth').textContent()).toMatch(/needs a token/);
    expect(await write.locator('table').textContent()).toMatch(/bucket/);
    expect(await write.locator('table').textContent()).toMatch(/ns \| us \| ms \| s \| ""/);
    const history = page.locator('section.operation[data-path="/api/kpis/history"] table');
    expect(await history.textContent()).toMatch(/15m \| 1h \| 6h \| 24h \(default 1h\)/);
    const health = page.locator('section.operation[data-path="/health"] .auth');
    expect(await health.textContent()).toMatch(/open/);
    const violations = await page.evaluate(
      () => (window as unknown as { __violations: string[] }).__violations,
    );
    expect(violations).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
    await screenshot(page, 'api-reference');
  });
});

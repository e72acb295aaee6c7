// The analyst view on the demo's own history: `npm start`'s entry (server/demo.ts) on an empty data dir writes
// 25 months of simulated history; the view, reloaded until it has numbers, must show every index of the last
// complete month (and of earlier months) with a value and a change, each as /api/indices says. A second start
// on the same data dir reuses the history. The time from the empty data dir to the numbers on screen is kept in
// test-results/demo-first-start.json (no timing assert: speed belongs to `npm run bench`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoProcess, spawnDemo } from '../../../server/demo/testing/demo-process';
import { tempDir } from '../../../server/testing/test-config';
import { indicesResponseSchema } from '../../../shared/indices/api';
import { addMonths } from '../../../shared/indices/calendar';
import { indexNames } from '../../../shared/indices/metrics';
import { localMonth } from '../../../shared/indices/time-zone';
import { type Browser, launchChromium, screenshot } from '../../testing/chromium';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const staticDir = `${repoRoot}dist/client`;
const dir = tempDir();
const env = {
  PORTPULSE_DATA_DIR: dir.path,
  PORTPULSE_STATIC_DIR: staticDir,
  PORTPULSE_DEMO_BACKFILL_HOURS: '0.5',
};
const lastMonth = addMonths(localMonth(Date.now(), 'Asia/Shanghai'), -1);
let demo: DemoProcess | undefined;
let browser: Browser;
const timings: Record<string, number> = {};

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  dir.remove();
});

const api = async (url: string, query: string) =>
  indicesResponseSchema.parse(await (await fetch(`${url}/api/indices?${query}`)).json());

async function tableOf(page: Page) {
  const rows: Record<string, { value: string; change: string }> = {};
  for (const name of indexNames) {
    const row = page.locator(`tr[data-index="${name}"]`);
    rows[name] = {
      value: (await row.locator('[data-testid="index-value"]').textContent()) ?? '',
      change: (await row.locator('[data-testid="index-change"]').textContent()) ?? '',
    };
  }
  return rows;
}

async function waitReady(page: Page, month: string) {
  const view = page.locator('[data-testid="analyst-view"]');
  await expect
    .poll(async () => [await view.getAttribute('data-state'), await view.getAttribute('data-month')])
    .toEqual(['ready', month]);
}

const changeText = (c: number) => {
  const r = Math.round(c * 10) / 10;
  return r > 0 ? `▲ +${r.toFixed(1)}` : r < 0 ? `▼ −${(-r).toFixed(1)}` : '= 0.0';
};

async function expectTableEqualsApi(page: Page, url: string, query: string) {
  const expected = await api(url, query);
  const shown = await tableOf(page);
  for (const name of indexNames) {
    const { value, change } = expected.indices[name];
    expect(value, `${query} ${name}: ${expected.indices[name].reason}`).not.toBeNull();
    expect(change, `${query} ${name} change`).not.toBeNull();
    expect(shown[name]!.value, name).toBe(value!.toFixed(1));
    expect(shown[name]!.change, name).toBe(changeText(change!));
  }
  return expected;
}

describe('analyst view on the demo history', () => {
  it('shows every index with a value and a change soon after the first start on an empty data dir', async () => {
    const t0 = performance.now();
    demo = await spawnDemo(env);
    const { page } = browser;
    // Reload until the view has its numbers (the history complete): that moment is what a new user waits for.
    await expect
      .poll(
        async () => {
          if (!/History written/.test(demo!.output())) return false;
          await page.goto(`${demo!.url}/?view=analyst&lang=en`);
          await waitReady(page, lastMonth);
          const rows = await tableOf(page);
          return indexNames.every((n) => /^\d/.test(rows[n]!.value) && /^[▲▼=]/.test(rows[n]!.change));
        },
        { timeout: 600_000, interval: 2_000 },
      )
      .toBe(true);
    timings.firstStartToNumbersS = (performance.now() - t0) / 1000;
    const all = await expectTableEqualsApi(page, demo.url, `month=${lastMonth}`);
    // The business shape: growth year on year, in the range of the CFLP release.
    expect(all.indices.composite.value!).toBeGreaterThan(100);
    expect(all.indices.composite.value!).toBeLessThan(135);
    expect(all.indices.volume.value!).toBeGreaterThan(100);
    await screenshot(page, 'analyst-demo-history');
  }, 660_000);

  it('shows a region and earlier months as the API does', async () => {
    const { page } = browser;
    const url = demo!.url;
    await page.selectOption('[data-testid="scope-picker"]', 'region:east');
    await waitReady(page, lastMonth);
    await expect
      .poll(() => page.locator('[data-testid="analyst-view"]').getAttribute('data-scope'))
      .toBe('region:east');
    await expectTableEqualsApi(page, url, `month=${lastMonth}&region=east`);
    for (const back of [3, 11]) {
      // 25 months: a change for the last 12 (the 13th has no year-earlier base before it)
      const month = addMonths(lastMonth, -back);
      await page.fill('[data-testid="month-picker"]', month);
      await waitReady(page, month);
      await expectTableEqualsApi(page, url, `month=${month}&region=east`);
    }
  }, 120_000);

  it('reuses the history on a second start of the same data dir', async () => {
    const before = await api(demo!.url, `month=${lastMonth}`);
    await demo!.stop();
    const t0 = performance.now();
    demo = await spawnDemo(env);
    await demo.waitFor(/Reusing the simulated history/);
    await demo.waitFor(/Live: simulated collectors running/);
    const { page } = browser;
    await page.goto(`${demo.url}/?view=analyst&lang=en`);
    await waitReady(page, lastMonth);
    const after = await expectTableEqualsApi(page, demo.url, `month=${lastMonth}`);
    timings.secondStartToNumbersS = (performance.now() - t0) / 1000;
    expect(after.indices).toEqual(before.indices); // nothing of last month was written again
    expect(demo.output()).not.toMatch(/Writing \d+ months/);
    mkdirSync(`${repoRoot}test-results`, { recursive: true });
    writeFileSync(`${repoRoot}test-results/demo-first-start.json`, `${JSON.stringify(timings, null, 2)}\n`);
    console.log('demo start to analyst numbers (s):', timings);
  }, 240_000);
});

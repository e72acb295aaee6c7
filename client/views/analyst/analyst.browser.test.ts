// The analyst view in Debian's Chromium against the real server (started in-process) holding two years of
// events written through the HTTP API: pick a region and a month, read the table (it must say what
// /api/indices says, to one decimal), download the CSV, and keep a screenshot; a zh-CN browser reads it all in
// Chinese.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../server/logger';
import { syntheticEvents } from '../../../server/rollups/testing/synthetic-events';
import { type RunningServer, startServer } from '../../../server/start-server';
import { tempDir, testConfig } from '../../../server/testing/test-config';
import { indicesResponseSchema } from '../../../shared/indices/api';
import { addMonths } from '../../../shared/indices/calendar';
import { indexNames } from '../../../shared/indices/metrics';
import { localMonth, monthRangeMs } from '../../../shared/indices/time-zone';
import { type Browser, launchChromium, screenshot } from '../../testing/chromium';

const staticDir = fileURLToPath(new URL('../../../dist/client', import.meta.url));
let server: RunningServer;
let browser: Browser;
let dir: ReturnType<typeof tempDir>;
const now = Date.now();
const current = localMonth(now, 'Asia/Shanghai');
const month = addMonths(current, -1);

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(testConfig(dir.path, { PORTPULSE_STATIC_DIR: staticDir }), silentLogger);
  // Two years for every site; Wuhan (central) sent nothing 13 months ago, so its base is missing now.
  const [gapFrom, gapTo] = monthRangeMs(addMonths(month, -12), 'Asia/Shanghai');
  const events = syntheticEvents({
    seed: 11,
    sites: server.deps.sites,
    fromMs: now - 2 * 365 * 86_400_000,
    toMs: now - 1000,
    meanGapMinutes: 360,
    gaps: [{ site: 'wuh-tianhe', fromMs: gapFrom, toMs: gapTo }],
  });
  for (let i = 0; i < events.length; i += 5000) {
    const res = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      body: JSON.stringify(events.slice(i, i + 5000)),
    });
    expect(res.status).toBe(204);
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  dir?.remove();
});

const api = async (query: string) =>
  indicesResponseSchema.parse(await (await fetch(`${server.url}/api/indices?${query}`)).json());

async function waitReady(scope: string, wanted: string, page = browser.page) {
  const view = page.locator('[data-testid="analyst-view"]');
  await expect
    .poll(async () => [
      await view.getAttribute('data-state'),
      await view.getAttribute('data-scope'),
      await view.getAttribute('data-month'),
    ])
    .toEqual(['ready', scope, wanted]);
}

describe('analyst view', () => {
  it('is reached from the operator view by its nav link', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.click('[data-testid="nav-analyst"]');
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('analyst');
    await waitReady('all', month);
  });

  it('shows a region and month as /api/indices does, to one decimal, with notes', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?view=analyst`);
    await waitReady('all', month);
    await page.selectOption('[data-testid="scope-picker"]', 'region:central');
    await waitReady('region:central', month);
    const expected = await api(`month=${month}&region=central`);
    for (const name of indexNames) {
      const row = page.locator(`tr[data-index="${name}"]`);
      const value = await row.locator('[data-testid="index-value"]').textContent();
      const want = expected.indices[name].value;
      expect(value, name).toBe(want === null ? '—' : want.toFixed(1));
      const change = await row.locator('[data-testid="index-change"]').textContent();
      const c = expected.indices[name].change;
      if (c === null) expect(change).toBe('—');
      else
        expect(change).toMatch(
          Math.round(c * 10) > 0 ? /^▲ \+\d/ : Math.round(c * 10) < 0 ? /^▼ −\d/ : /^= 0\.0$/,
        );
    }
    // Wuhan's base month is missing: the note names what cannot be computed.
    expect(expected.indices.volume.value).toBeNull();
    await expect(page.locator('[data-testid="note-missing-base"]').textContent()).resolves.toMatch(
      /Business volume/,
    );

    await page.fill('[data-testid="month-picker"]', current);
    await waitReady('region:central', current);
    await expect(page.locator('[data-testid="note-partial"]').textContent()).resolves.toMatch(
      /still in progress/,
    );
    const partial = await api(`month=${current}&region=central`);
    const composite = await page
      .locator('tr[data-index="composite"] [data-testid="index-value"]')
      .textContent();
    expect(composite).toBe(
      partial.indices.composite.value === null ? '—' : partial.indices.composite.value.toFixed(1),
    );
    await expect(page.locator('[data-testid="index-charts"] .uplot canvas').count()).resolves.toBe(
      indexNames.length,
    );
    await screenshot(page, 'analyst-view-partial');
    expect(new URL(page.url()).searchParams.get('region')).toBe('central');
  });

  it('downloads the series as CSV for Excel', async () => {
    const { page } = browser;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="csv-download"]'),
    ]);
    expect(download.suggestedFilename()).toBe(
      `portpulse-indices-central-${addMonths(current, -23)}-to-${current}.csv`,
    );
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^month,scope,base_month,partial,volume,/);
    expect(lines).toHaveLength(1 + 24);
    expect(lines.at(-1)).toMatch(new RegExp(`^${current},central region,${addMonths(current, -12)},true,`));
  });

  it('looks right with a fixed base (screenshot)', async () => {
    const { page } = browser;
    await page.fill('[data-testid="month-picker"]', month);
    await waitReady('region:central', month);
    await page.selectOption('[data-testid="scope-picker"]', 'region:east');
    await waitReady('region:east', month);
    await page.selectOption('[data-testid="base-mode"]', 'fixed');
    await expect.poll(() => new URL(page.url()).searchParams.get('base')).toBe(addMonths(month, -12));
    await waitReady('region:east', month);
    const expected = await api(`month=${month}&region=east&base=${addMonths(month, -12)}`);
    const composite = await page
      .locator('tr[data-index="composite"] [data-testid="index-value"]')
      .textContent();
    expect(composite).toBe(expected.indices.composite.value!.toFixed(1));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no focus ring in the picture
    await screenshot(page, 'analyst-view');
    expect(browser.pageErrors).toEqual([]);
  });
});

describe('analyst view in Chinese', () => {
  let zhBrowser: Browser;
  beforeAll(async () => {
    zhBrowser = await launchChromium({ locale: 'zh-CN' });
  });
  afterAll(() => zhBrowser?.close());

  it('shows labels, headers, index names, notes and months in Chinese for a zh-CN browser', async () => {
    const { page } = zhBrowser;
    await page.goto(`${server.url}/?view=analyst&region=central&month=${month}`);
    await waitReady('region:central', month, page);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const zhMonth = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月`;

    const header = page.locator('header');
    expect(await header.locator('.analyst-controls .label').allTextContents()).toEqual([
      '月份',
      '范围',
      '基期',
      '图表',
    ]);
    expect(await header.locator('.lang .label').textContent()).toBe('语言');
    expect(await page.locator('[data-testid="scope-picker"] option:checked').textContent()).toBe('中部地区');
    expect(await page.locator('[data-testid="base-mode"] option:checked').textContent()).toBe(
      '同比（上年同月）',
    );
    expect(await page.locator('[data-testid="methodology"]').textContent()).toBe('编制方法');
    expect(await page.locator('[data-testid="csv-download"]').textContent()).toBe('下载 CSV');

    const table = page.locator('[data-testid="release-table"]');
    expect(await table.locator('thead th').allTextContents()).toEqual([
      '指数',
      '指数值',
      '涨跌（点）',
      '指标值 m(M)',
      '说明',
    ]);
    expect(await table.locator('tbody th').allTextContents()).toEqual([
      '电商物流指数',
      '总业务量指数',
      '农村业务量指数',
      '人员指数',
      '实载率指数',
      '卡口及时率指数（≤ 10 秒）',
      '航班准点率指数（< 15 分钟）',
    ]);
    expect(await table.locator('caption').textContent()).toBe(
      `中部地区 · ${zhMonth(month)} · 同比，上年同月 ${zhMonth(addMonths(month, -12))} = 100`,
    );
    // Wuhan sent nothing a year ago: the note and the reason say so in Chinese, with the month for zh.
    expect(await page.locator('[data-testid="note-missing-base"]').textContent()).toMatch(
      new RegExp(`^总业务量指数、.*的基期（${zhMonth(addMonths(month, -12))}）无数据：`),
    );
    expect(await page.locator('tr[data-index="volume"] td.note').textContent()).toBe(
      `无基期数据（${zhMonth(addMonths(month, -12))}）`,
    );
    expect(await page.locator('tr[data-index="volume"] td.metric').textContent()).toMatch(/^[\d,]+ 件\/日$/);
    expect(await page.locator('[data-chart="staffing"] h3').textContent()).toBe('人员指数');

    // Nothing English left where the figures are (codes such as m(M) are single letters).
    const main = await page.locator('main').innerText();
    expect(main).not.toMatch(/[A-Za-z]{2,}/);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, 'i18n-zh-analyst');

    // The switch turns it English and the choice is remembered.
    await page.selectOption('[data-testid="lang-switch"]', 'en');
    await expect.poll(() => page.locator('tr[data-index="volume"] th').textContent()).toBe('Business volume');
    await page.reload();
    await waitReady('region:central', month, page);
    expect(await page.locator('[data-testid="release-table"] thead th').first().textContent()).toBe('Index');
    expect(zhBrowser.pageErrors).toEqual([]);
  });
});

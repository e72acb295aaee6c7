// The Chinese and English UI in Chromium: a zh-CN browser gets Chinese (labels, units, dates, the wall),
// the switch turns it into English and the choice outlives a reload; numbers are formatted for the locale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/start-server';
import { type Browser, screenshot } from '../testing/chromium';
import { writeStaffOnSite } from '../testing/gate-traffic';
import { waitForState } from '../testing/live-page';
import { type LiveStack, startLiveStack } from '../testing/live-stack';

let stack: LiveStack;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startLiveStack({
    simulate: { seed: 9, backfillHours: 1 },
    browser: { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' },
  });
  ({ server, browser } = stack);
});
afterAll(() => stack?.stop());

/** English words that must not be left in the Chinese operator view (device strings and codes aside). */
const english =
  /\b(Vehicles|Parcels|Processing|Staff|Load rate|Departures|On time|Overweight|Weighbridge|Alerts|Flight|Status|Delayed|Newest|Live|No active)\b/;
const mainText = () => browser.page.locator('main').innerText();

describe('zh / en', () => {
  it('shows the whole operator view in Chinese for a Chinese browser', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?site=can-baiyun`);
    await waitForState(page, 'open');
    // The simulators' short backfill starts after their shift badged in: the test writes the staff it shows.
    const staff = await writeStaffOnSite(server.url, 'can-baiyun');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const aobt = Date.now() - 2000;
    const departure = {
      measurement: 'flight_departure',
      time: aobt,
      site: 'can-baiyun',
      airport: 'CAN',
      carrier: 'CZ',
    };
    const body = { ...departure, destination: 'FRA', flight_no: 'CZ8888', sobt: aobt - 40 * 60_000, aobt };
    const post = {
      method: 'POST',
      body: JSON.stringify([{ ...body, cargo_kg: 41_000, capacity_kg: 60_000, parcels: 900 }]),
    };
    expect((await fetch(`${server.url}/api/events`, post)).status).toBe(204);
    const row = page.locator('[data-testid="departure-row"]', { hasText: 'CZ8888' });
    await expect
      .poll(() => row.textContent(), { timeout: 20_000 })
      .toMatch(/CZ8888FRA.*\+40.*41,000.*⚠ 延误/);
    expect(await page.locator('.kpi-label').first().textContent()).toBe('进场车辆');
    expect(await page.locator('[data-range="24h"]').textContent()).toBe('24 小时');
    expect(await page.locator('[data-testid="site-picker"] option:checked').textContent()).toMatch(
      /^广州白云机场货站/,
    );
    expect(await page.locator('[data-testid="departures-board"] h2').textContent()).toContain(
      '离港 · 货运航班',
    );
    await expect
      .poll(() => page.locator('[data-testid="data-age"]').textContent())
      .toMatch(/^最新事件：\d+ 秒前$/);
    expect(await page.locator('[data-testid="connection-state"]').textContent()).toBe('实时');
    expect(await mainText()).not.toMatch(english);
    expect(await page.locator('.view-nav').innerText()).toMatch(/^值班\s*网络\s*分析$/);
    // Digits grouped for zh-CN (which groups like en-US): the parcel rate reads e.g. "3,874".
    const parcels = await page.locator('[data-kpi="parcels_per_min"]').textContent();
    const raw = Number(await page.locator('[data-kpi="parcels_per_min"]').getAttribute('data-raw'));
    expect(parcels).toBe(new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(raw));
    await expect
      .poll(async () => Number(await page.locator('[data-kpi="staff_on_site"]').getAttribute('data-raw')), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(staff);
    await screenshot(page, 'i18n-zh-operator');
    expect(browser.pageErrors).toEqual([]);
  });

  it('switches to English, remembers it across a reload, and the wall speaks Chinese on ?lang=zh', async () => {
    const { page } = browser;
    await page.selectOption('[data-testid="lang-switch"]', 'en');
    await expect.poll(() => page.locator('.kpi-label').first().textContent()).toBe('Vehicles in');
    expect(await page.getAttribute('html', 'lang')).toBe('en-US');
    await page.reload();
    await waitForState(page, 'open');
    await expect.poll(() => page.locator('.kpi-label').first().textContent()).toBe('Vehicles in');
    expect(await page.evaluate(() => localStorage.getItem('portpulse.lang'))).toBe('en');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/?mode=wall&site=wuh-tianhe&lang=zh`);
    await waitForState(page, 'open');
    await expect
      .poll(() => page.locator('[data-testid="wall-title"]').textContent())
      .toBe('武汉天河物流枢纽');
    await expect
      .poll(() => page.locator('[data-testid="data-age"]').textContent())
      .toMatch(/^最新数据 \d+ 秒$/);
    expect(await page.locator('.wall-date').textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日/);
    await screenshot(page, 'i18n-zh-wall');
    expect(browser.pageErrors).toEqual([]);
  });

  it('shows the wall index summary in Chinese: base, months and the reasons for a missing figure', async () => {
    const { page } = browser;
    // Harbin is the last site: with rotate=3 the index summary comes next. An hour of data has no year-ago
    // base, so every index says why it has no value.
    await page.goto(`${server.url}/?mode=wall&site=hrb-harbin&lang=zh&rotate=3`);
    await expect
      .poll(() => page.getAttribute('[data-testid="wall-view"]', 'data-page'), { timeout: 15_000 })
      .toBe('indices');
    const summary = page.locator('[data-testid="index-summary"]');
    await expect.poll(() => summary.locator('.index-card').count()).toBe(7);
    const text = await summary.innerText();
    expect(text).toMatch(/电商物流指数 · 全部站点 · \d{4}年\d{1,2}月/);
    expect(text).toMatch(/基期：上年同月（\d{4}年\d{1,2}月）/);
    expect(text).toMatch(/无基期数据（\d{4}年\d{1,2}月）/);
    expect(await page.locator('[data-testid="index-volume"]').textContent()).toBe('无数据');
    expect(text).not.toMatch(/[A-Za-z]/); // no "yoy", no server sentence in English
    expect(await page.locator('[data-testid="wall-title"]').textContent()).toBe('电商物流指数');
    await screenshot(page, 'i18n-zh-indices');
    expect(browser.pageErrors).toEqual([]);
  });
});

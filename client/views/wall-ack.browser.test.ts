// Acknowledging from the wall, in Chromium against the real server: a touch wall display shows a small
// acknowledge button on an active alert; a tap opens the inline form, the name is typed and Enter sends it; the
// operator view open on another page shows the acknowledgement live, and the wall's button goes away. A second
// alert is acknowledged with the keyboard alone (Tab to the button, Enter, type, Enter).

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/start-server';
import { weighbridgeReading } from '../../shared/events/testing/event-builders';
import { type Browser, screenshot } from '../testing/chromium';
import { waitForGateTraffic } from '../testing/gate-traffic';
import { waitForState } from '../testing/live-page';
import { type LiveStack, startLiveStack } from '../testing/live-stack';

const SITE = 'hgh-xiasha';
let stack: LiveStack;
let server: RunningServer;
let browser: Browser;
let operator: Page;

beforeAll(async () => {
  stack = await startLiveStack({
    browser: { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', hasTouch: true },
    gateTraffic: SITE, // the wall's tiles and gate charts have data to show in the screenshots
  });
  ({ server, browser } = stack);
  operator = await browser.page.context().newPage();
});
afterAll(() => stack?.stop());

async function post(events: object[]): Promise<void> {
  const res = await fetch(`${server.url}/api/events`, { method: 'POST', body: JSON.stringify(events) });
  expect(res.status, await res.text()).toBe(204);
}

const truck = (plate: string) =>
  weighbridgeReading({ site: SITE, time: Date.now() - 1000, plate, gross_kg: 31_000, net_kg: 22_000 });
const row = (p: Page, plate: string) => p.locator('[data-testid="alert-row"]', { hasText: plate });

describe('acknowledge from the wall', () => {
  it('a tap on the wall acknowledges, and the operator view shows it live', async () => {
    const wall = browser.page;
    await wall.goto(`${server.url}/?mode=wall&site=${SITE}&lang=zh`);
    await operator.goto(`${server.url}/?site=${SITE}&lang=zh`);
    await waitForState(wall, 'open');
    await waitForState(operator, 'open');
    await waitForGateTraffic(wall);
    await post([truck('浙W·TAP01')]);
    await expect.poll(() => row(wall, '浙W·TAP01').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => row(operator, '浙W·TAP01').count(), { timeout: 15_000 }).toBe(1);

    // Only acknowledging on the wall: no silence button.
    const button = row(wall, '浙W·TAP01').locator('[data-testid="alert-ack-button"]');
    expect(await button.count()).toBe(1);
    expect(await row(wall, '浙W·TAP01').locator('[data-testid="alert-silence-button"]').count()).toBe(0);
    // Big enough for a finger, and quiet until touched.
    const box = await button.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(32);
    expect(Number(await button.evaluate((b) => getComputedStyle(b).opacity))).toBeLessThan(1);

    await button.tap();
    const form = wall.locator('[data-testid="alert-ack-form"]');
    await form.locator('[data-testid="alert-form-name"]').fill('值班长 陈');
    await screenshot(wall, 'wall-ack-form');
    await form.locator('[data-testid="alert-form-name"]').press('Enter');

    await expect.poll(() => row(operator, '浙W·TAP01').getAttribute('data-acked')).toBe('true');
    expect(await row(operator, '浙W·TAP01').locator('[data-testid="alert-ack"]').textContent()).toMatch(
      /值班长 陈 已于 .* 确认/,
    );
    await expect.poll(() => row(wall, '浙W·TAP01').getAttribute('data-acked')).toBe('true');
    expect(await row(wall, '浙W·TAP01').locator('[data-testid="alert-ack-button"]').count()).toBe(0);
    await expect.poll(() => form.count()).toBe(0);
    await screenshot(wall, 'wall-acked');
  });

  it('the keyboard alone acknowledges on the wall', async () => {
    const wall = browser.page;
    await post([truck('浙W·KEY01')]);
    await expect.poll(() => row(wall, '浙W·KEY01').count(), { timeout: 15_000 }).toBe(1);
    const button = row(wall, '浙W·KEY01').locator('[data-testid="alert-ack-button"]');
    // Tab until the button has the focus (the wall has no other controls before it but links and the chart).
    await expect
      .poll(
        async () => {
          await wall.keyboard.press('Tab');
          return button.evaluate((b) => b === document.activeElement);
        },
        { timeout: 15_000, interval: 50 },
      )
      .toBe(true);
    expect(Number(await button.evaluate((b) => getComputedStyle(b).opacity))).toBe(1);
    await wall.keyboard.press('Enter');
    // The name is remembered from the first acknowledgement: the focus is on the note.
    await wall.keyboard.type('司机已联系');
    await wall.keyboard.press('Enter');
    await expect.poll(() => row(operator, '浙W·KEY01').getAttribute('data-acked')).toBe('true');
    expect(await row(operator, '浙W·KEY01').locator('[data-testid="alert-ack"]').textContent()).toMatch(
      /值班长 陈 已于 .* 确认 — 司机已联系/,
    );
    expect(browser.pageErrors).toEqual([]);
  });
});

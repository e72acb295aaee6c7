// Acknowledgement shared live across screens, in Chromium against the real server: an operator acknowledges an
// overweight truck in the operator view (name and note), and the wall display open on another page shows who
// acknowledged it without a reload; the acknowledgement is in the operator view's alert history; a silence made
// from the alert list is listed as in force and can be ended. Gate traffic runs throughout, so the screenshots show
// an operator view with numbers and charts around the alerts.

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
let wall: Page;

beforeAll(async () => {
  stack = await startLiveStack({
    browser: { viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' },
    gateTraffic: SITE,
  });
  ({ server, browser } = stack);
  wall = await browser.page.context().newPage();
});
afterAll(() => stack?.stop());

async function post(events: object[]): Promise<void> {
  const res = await fetch(`${server.url}/api/events`, { method: 'POST', body: JSON.stringify(events) });
  expect(res.status, await res.text()).toBe(204);
}

const truck = (plate: string, gross: number) =>
  weighbridgeReading({ site: SITE, time: Date.now() - 1000, plate, gross_kg: gross, net_kg: gross - 9000 });

describe('acknowledge and silence from the alert list', () => {
  it('an acknowledgement on the operator view shows on the wall open elsewhere, and in the history', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?site=${SITE}&lang=zh`);
    await wall.goto(`${server.url}/?mode=wall&site=${SITE}&lang=zh`);
    await waitForState(page, 'open');
    await waitForState(wall, 'open');
    await post([truck('浙A·ACK01', 31_000), truck('浙A·SIL01', 27_000)]);

    const row = (p: Page, plate: string) => p.locator('[data-testid="alert-row"]', { hasText: plate });
    await expect.poll(() => row(page, '浙A·ACK01').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => row(wall, '浙A·ACK01').count(), { timeout: 15_000 }).toBe(1);
    expect(await row(wall, '浙A·ACK01').getAttribute('data-acked')).toBe('false');

    await row(page, '浙A·ACK01').locator('[data-testid="alert-ack-button"]').click();
    const form = page.locator('[data-testid="alert-ack-form"]');
    await form.locator('[data-testid="alert-form-name"]').fill('王芳');
    await form.locator('[data-testid="alert-form-text"]').fill('司机已联系');
    await form.locator('[data-testid="alert-form-ok"]').click();

    // The other screen shows it, live (the vitest.config poll timeout: a loaded machine can take seconds).
    await expect.poll(() => row(wall, '浙A·ACK01').getAttribute('data-acked')).toBe('true');
    expect(await row(wall, '浙A·ACK01').locator('[data-testid="alert-ack"]').textContent()).toMatch(
      /王芳 已于 .* 确认 — 司机已联系/,
    );
    await expect.poll(() => row(page, '浙A·ACK01').getAttribute('data-acked')).toBe('true');
    expect(await row(page, '浙A·ACK01').locator('[data-testid="alert-ack-button"]').count()).toBe(0);
    await expect.poll(() => form.count()).toBe(0);

    const history = page.locator('[data-testid="history-row"]');
    await expect
      .poll(async () => (await history.allTextContents()).join('\n'), { timeout: 20_000 })
      .toMatch(/王芳 已确认.*司机已联系/);
    expect(await history.allTextContents()).toContainEqual(expect.stringMatching(/触发.*浙A·ACK01/));
    await waitForGateTraffic(page);
    await waitForGateTraffic(wall);
    await screenshot(page, 'alert-ack-operator');
    await screenshot(wall, 'alert-ack-wall');

    // The server kept it.
    const api = await (await fetch(`${server.url}/api/alerts?site=${SITE}`)).json();
    expect(api.active.find((a: { plate: string }) => a.plate === '浙A·ACK01').ack).toMatchObject({
      by: '王芳',
    });
    expect(browser.pageErrors).toEqual([]);
  });

  it('silences the kind of an alert at its site for some hours, with a reason, and ends it', async () => {
    const { page } = browser;
    const row = page.locator('[data-testid="alert-row"]', { hasText: '浙A·SIL01' });
    await row.locator('[data-testid="alert-silence-button"]').click();
    const form = page.locator('[data-testid="alert-silence-form"]');
    expect(await form.locator('[data-testid="alert-form-name"]').inputValue()).toBe('王芳'); // remembered
    await form.locator('[data-testid="alert-form-hours"]').selectOption('4');
    await form.locator('[data-testid="alert-form-text"]').fill('地磅校准');
    await form.locator('[data-testid="alert-form-ok"]').click();
    const silences = page.locator('[data-testid="silence-row"]');
    await expect
      .poll(() => silences.allTextContents(), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/超重，至 .*（王芳：地磅校准）/)]);
    await expect.poll(() => row.getAttribute('data-silenced')).toBe('true');
    expect(await row.locator('[data-testid="alert-silenced"]').textContent()).toMatch(/静默至 .*：地磅校准/);
    const listed = await (await fetch(`${server.url}/api/silences`)).json();
    expect(listed.silences).toMatchObject([
      { matchers: { site: SITE, kind: 'overweight' }, reason: '地磅校准' },
    ]);
    const hours = (listed.silences[0].endsAt - listed.silences[0].startsAt) / 3_600_000;
    expect(hours).toBe(4);
    await screenshot(page, 'alert-silence-operator');

    await silences.first().locator('[data-testid="silence-end"]').click();
    await expect.poll(() => silences.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => row.getAttribute('data-silenced')).toBe('false');
    expect((await (await fetch(`${server.url}/api/silences`)).json()).silences).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });
});

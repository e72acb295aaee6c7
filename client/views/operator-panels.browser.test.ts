// The operator view's panels in Chromium against the real server, fed event by event by the test (no
// simulators, so every figure is known): the header's data age moves with the first event, the weighbridge
// board marks an overweight truck and tells an empty truck leaving from bad data, "staff on site" equals the
// API after badge scans, the 10 s SLA line is drawn, and a late departure and a gate SLA breach are listed as
// alerts (thresholds set through PORTPULSE_ALERT_*).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/start-server';
import { palette } from '../charts/palette';
import { type Browser, screenshot } from '../testing/chromium';
import { waitForState } from '../testing/live-page';
import { type LiveStack, startLiveStack } from '../testing/live-stack';

const SITE = 'can-baiyun';
let stack: LiveStack;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startLiveStack({
    browser: { viewport: { width: 1920, height: 1080 } },
    env: {
      PORTPULSE_ALERT_SLA_SHARE: '0.9',
      PORTPULSE_ALERT_SLA_WINDOW_MIN: '15',
      PORTPULSE_ALERT_SLA_MIN_SCANS: '10',
      PORTPULSE_ALERT_DELAY_MIN: '15',
    },
  });
  ({ server, browser } = stack);
});
afterAll(() => stack?.stop());

async function post(events: object[]): Promise<void> {
  const res = await fetch(`${server.url}/api/events`, { method: 'POST', body: JSON.stringify(events) });
  expect(res.status, await res.text()).toBe(204);
}

const weighing = (plate: string, direction: 'in' | 'out', grossKg: number, tareKg: number, ms: number) => ({
  measurement: 'weighbridge',
  time: ms,
  site: SITE,
  bridge: 'WB1',
  direction,
  plate,
  axles: 3,
  gross_kg: grossKg,
  tare_kg: tareKg,
  net_kg: grossKg - tareKg,
  rated_payload_kg: 14_000,
  stable: true,
});

const gateScan = (n: number, processingMs: number, ms: number) => ({
  measurement: 'gate_scan',
  time: ms,
  site: SITE,
  gate: 'G1',
  lane: `L${n % 2}`,
  direction: n % 2 ? 'out' : 'in',
  subject: 'vehicle',
  result: 'released',
  rural: false,
  plate: `粤A${String(n).padStart(5, '0')}`,
  processing_ms: processingMs,
  parcels: 30,
});

const staffScan = (badge: string, direction: 'in' | 'out', ms: number) => ({
  measurement: 'gate_scan',
  time: ms,
  site: SITE,
  gate: 'G1',
  lane: 'STAFF',
  direction,
  subject: 'staff',
  result: 'released',
  rural: false,
  badge,
  processing_ms: 800,
  parcels: 0,
});

describe('operator view panels', () => {
  it('updates the data age in the same frame as the board that shows the first event', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/?site=${SITE}`);
    await waitForState(page, 'open');
    const age = page.locator('[data-testid="data-age"]');
    await expect.poll(() => age.textContent()).toBe('No events yet');
    // When the first row appears on the board, note what the header says at that very moment.
    await page.evaluate(() => {
      const board = document.querySelector('[data-testid="weighbridge-panel"] tbody')!;
      const w = window as unknown as { ageWhenBoardFilled?: string };
      new MutationObserver((_, observer) => {
        if (!board.querySelector('[data-testid="weighbridge-row"]')) return;
        w.ageWhenBoardFilled = document.querySelector('[data-testid="data-age"]')!.textContent ?? '';
        observer.disconnect();
      }).observe(board, { childList: true });
    });
    await post([weighing('粤B·OVER1', 'in', 29_500, 12_000, Date.now() - 1000)]);
    const seen = () =>
      page.evaluate(() => (window as unknown as { ageWhenBoardFilled?: string }).ageWhenBoardFilled);
    await expect.poll(seen, { timeout: 30_000 }).toBeDefined();
    expect(await seen()).toMatch(/^Newest event \d+ s ago$/);
    expect(browser.pageErrors).toEqual([]);
  });

  it('marks the overweight truck on the weighbridge board and shows which way each truck went', async () => {
    const { page } = browser;
    const now = Date.now();
    await post([
      weighing('粤B·EMPTY', 'out', 12_000, 12_000, now - 800), // an empty truck leaving: net 0.0 t
      weighing('粤B·FINE1', 'in', 24_000, 12_000, now - 500),
    ]);
    const rows = page.locator('[data-testid="weighbridge-row"]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
    const over = rows.filter({ hasText: '粤B·OVER1' });
    const fine = rows.filter({ hasText: '粤B·FINE1' });
    const empty = rows.filter({ hasText: '粤B·EMPTY' });
    expect(await over.getAttribute('data-overweight')).toBe('true');
    expect(await over.textContent()).toMatch(/→ In.*29\.5 t \/ 25\.0 t.*⚠ OVERWEIGHT \+4\.5 t/);
    expect(await fine.getAttribute('data-overweight')).toBe('false');
    expect(await fine.textContent()).toMatch(/✓ OK/);
    // The marker a person sees: a red bar down the row's first cell and a tinted row, on that row only.
    const look = (row: typeof over) =>
      row
        .locator('td')
        .first()
        .evaluate((td) => {
          const s = getComputedStyle(td);
          return { bar: s.boxShadow, background: s.backgroundColor };
        });
    const overLook = await look(over);
    const fineLook = await look(fine);
    expect(overLook.bar).toContain('rgb(255, 107, 139)');
    expect(fineLook.bar).toBe('none');
    expect(overLook.background).not.toBe(fineLook.background);
    // The empty truck leaving says "Out": its 0.0 t net and 0.0 % load are not a faulty reading.
    expect(await empty.locator('[data-direction]').textContent()).toBe('← Out');
    expect(await empty.textContent()).toMatch(/← Out.*12\.0 t \/ 25\.0 t.*0\.0 t.*0\.0 %.*✓ OK/);
    expect(await page.locator('[data-testid="weighbridge-panel"] th').allTextContents()).toContain(
      'In / out',
    );
  });

  it('shows the staff on site the API counts after badge scans at the gate', async () => {
    const { page } = browser;
    const tile = page.locator('[data-kpi="staff_on_site"]');
    expect(await tile.textContent()).toBe('—'); // no badge seen yet: no data, not 0
    const now = Date.now();
    await post([
      ...['B-0001', 'B-0002', 'B-0003', 'B-0004', 'B-0005'].map((b, i) => staffScan(b, 'in', now - 5000 + i)),
      staffScan('B-0002', 'out', now - 1000), // one went home again
    ]);
    await expect
      .poll(
        async () => {
          const api = await (await fetch(`${server.url}/api/kpis/live?site=${SITE}`)).json();
          return [api.kpis.staff_on_site, Number(await tile.getAttribute('data-raw'))];
        },
        { timeout: 30_000 },
      )
      .toEqual([4, 4]);
    expect(await tile.textContent()).toBe('4');
  });

  it('draws the 10 s SLA line and lists a gate SLA breach and a late departure as the API does', async () => {
    const { page } = browser;
    const now = Date.now();
    // 12 vehicle scans, 9 of them slower than 10 s: 25 % within the SLA over at least 10 scans.
    await post(
      Array.from({ length: 12 }, (_, i) => gateScan(i, i < 9 ? 16_000 : 4000, now - 6000 + i * 100)),
    );
    const aobt = now - 1000;
    await post([
      {
        measurement: 'flight_departure',
        time: aobt,
        site: SITE,
        airport: 'CAN',
        carrier: 'CZ',
        destination: 'FRA',
        flight_no: 'CZ3101',
        sobt: aobt - 25 * 60_000,
        aobt,
        cargo_kg: 38_000,
        capacity_kg: 60_000,
        parcels: 4100,
      },
    ]);
    const sla = page.locator('[data-testid="alert-row"][data-kind="gate_sla"]');
    const late = page.locator('[data-testid="alert-row"][data-kind="departure_delay"]');
    await expect.poll(() => sla.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => late.count(), { timeout: 15_000 }).toBe(1);
    expect(await sla.textContent()).toMatch(
      /Gate SLA: 25\.0 % within 10 s over 15 min \(threshold 90\.0 %, 12 scans\)/,
    );
    expect(await late.textContent()).toMatch(/Flight CZ3101 to FRA off-block 25 min late/);
    const api = await (await fetch(`${server.url}/api/alerts?site=${SITE}`)).json();
    const ids = (api.active as { id: string; kind: string }[]).map((a) => a.id);
    expect(ids).toContain(await sla.getAttribute('data-alert-id'));
    expect(ids).toContain(await late.getAttribute('data-alert-id'));
    expect(await page.locator('[data-testid="departure-row"]', { hasText: 'CZ3101' }).textContent()).toMatch(
      /\+25.*⚠ Delayed/,
    );

    // The SLA line: a dashed line in the SLA colour across the processing chart, at the row uPlot drew it on.
    await expect
      .poll(
        () =>
          page.locator('[data-testid="chart-processing"] .uplot').evaluate((root, rgb) => {
            const y = Number((root as HTMLElement).dataset.slaY);
            const canvas = root.querySelector('canvas')!;
            if (!Number.isFinite(y)) return 0;
            const row = canvas.getContext('2d')!.getImageData(0, y, canvas.width, 1).data;
            let hits = 0;
            for (let x = 0; x < canvas.width; x++) {
              const [r, g, b] = [row[4 * x]!, row[4 * x + 1]!, row[4 * x + 2]!];
              if (Math.abs(r - rgb[0]!) + Math.abs(g - rgb[1]!) + Math.abs(b - rgb[2]!) < 40) hits++;
            }
            return hits / canvas.width;
          }, hexRgb(palette.sla)),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0.35);
    await screenshot(page, 'operator-panels');
    expect(browser.pageErrors).toEqual([]);
  });
});

function hexRgb(hex: string): number[] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}

// The network overview in Debian's Chromium against the real server: events written by the test itself (so
// the figures are known and hold still), every tile equal to /api/kpis/live and /api/alerts of its site,
// regional totals, a stale site, the region filter, the click through to the operator view, Chinese, and the
// wall with 7 and with 100 sites (tiles inside the screen, readable type, pages by region). Screenshots in
// test-results/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { liveKpisResponseSchema } from '../../../server/routes/kpis/current-kpis';
import type { PortEvent } from '../../../shared/events/event';
import { gateScan, weighbridgeReading } from '../../../shared/events/testing/event-builders';
import { defaultSites } from '../../../shared/sites/default-sites';
import { regions } from '../../../shared/sites/regions';
import { launchChromium, screenshot } from '../../testing/chromium';
import { type LiveStack, startLiveStack } from '../../testing/live-stack';

async function post(url: string, events: PortEvent[]) {
  for (let i = 0; i < events.length; i += 5000) {
    const res = await fetch(`${url}/api/events`, {
      method: 'POST',
      body: JSON.stringify(events.slice(i, i + 5000)),
    });
    expect(res.status).toBe(204);
  }
}

/** A site's traffic, different per site: staff, weighings and gate scans, all a few seconds old. */
function siteEvents(site: string, k: number, now: number): PortEvent[] {
  const at = now - 3_000;
  return [
    ...Array.from({ length: 2 + k }, (_, i) =>
      gateScan({
        time: at - i * 50,
        site,
        plate: `浙A${k}${i}`,
        direction: i % 3 === 0 ? 'out' : 'in',
        processing_ms: i === 0 ? 15_000 : 4000,
      }),
    ),
    ...Array.from({ length: 1 + (k % 4) }, (_, i) =>
      gateScan({
        time: at - 600_000 - i * 1000,
        site,
        subject: 'staff',
        plate: '',
        badge: `${site}-${i}`,
        direction: 'in',
      }),
    ),
    weighbridgeReading({
      time: at - 200,
      site,
      plate: `浙B${k}`,
      net_kg: 9_000 + 500 * k,
      gross_kg: 18_000 + 500 * k,
    }),
  ];
}

type LiveKpis = z.infer<typeof liveKpisResponseSchema>;

const formatCount = (v: number | null) => (v === null ? '—' : String(v));
const formatPct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);

async function tileTexts(page: Page, site: string) {
  const tile = page.locator(`[data-testid="net-tile"][data-site="${site}"]`);
  const text = async (id: string) => (await tile.locator(`[data-testid="tile-${id}"]`).textContent()) ?? '';
  return {
    vehicles: await text('vehicles'),
    sla: await text('sla'),
    staff: await text('staff'),
    load: await text('load'),
    alerts: await text('alerts'),
    freshness: await tile.getAttribute('data-freshness'),
  };
}

function expectedTile(live: LiveKpis, activeAlerts: number) {
  const k = live.kpis;
  const vehicles =
    k.vehicles_in_per_min === null && k.vehicles_out_per_min === null
      ? null
      : (k.vehicles_in_per_min ?? 0) + (k.vehicles_out_per_min ?? 0);
  return {
    vehicles: vehicles === null ? '—' : `${vehicles}/min`,
    sla: formatPct(k.sla_share),
    staff: formatCount(k.staff_on_site),
    load: formatPct(k.load_rate_1h),
    alerts: activeAlerts === 0 ? '' : `⚠ ${activeAlerts}`,
  };
}

describe('network overview, 7 demo sites', () => {
  let stack: LiveStack;
  const sites = defaultSites.map((s) => s.id);
  const staleSite = 'hrb-harbin';

  beforeAll(async () => {
    stack = await startLiveStack();
    const now = Date.now();
    const events = sites.flatMap((s, k) => (s === staleSite ? [] : siteEvents(s, k, now)));
    // Harbin's newest event is 10 minutes old: its tile must say so.
    events.push(gateScan({ time: now - 600_000, site: staleSite, plate: '黑A1' }));
    // An overweight 6-axle truck at Yiwu: 62 t against the 49 t limit.
    events.push(
      weighbridgeReading({
        time: now - 2_000,
        site: 'yiwu-customs',
        axles: 6,
        gross_kg: 62_000,
        tare_kg: 16_000,
        net_kg: 46_000,
        rated_payload_kg: 31_500,
      }),
    );
    await post(stack.server.url, events);
  });
  afterAll(() => stack?.stop());

  it('shows every site as a tile equal to /api/kpis/live and /api/alerts of that site', async () => {
    const { page } = stack.browser;
    await page.goto(`${stack.server.url}/?view=network&lang=en`);
    await expect
      .poll(() => page.locator('[data-testid="network-view"]').getAttribute('data-state'))
      .toBe('ready');
    await expect.poll(() => page.locator('[data-testid="net-tile"]').count()).toBe(sites.length);
    for (const site of sites) {
      // The page refreshes every 2 s; a tile matches the API once both read the same instant's rows.
      await expect
        .poll(
          async () => {
            const live = liveKpisResponseSchema.parse(
              await (await fetch(`${stack.server.url}/api/kpis/live?site=${site}`)).json(),
            );
            const alerts = (await (await fetch(`${stack.server.url}/api/alerts?site=${site}`)).json()) as {
              active: unknown[];
            };
            const { freshness: _, ...shown } = await tileTexts(page, site);
            return JSON.stringify(shown) === JSON.stringify(expectedTile(live, alerts.active.length))
              ? 'equal'
              : JSON.stringify({ shown, live: expectedTile(live, alerts.active.length) });
          },
          { timeout: 30_000 },
        )
        .toBe('equal');
    }
    const yiwu = await tileTexts(page, 'yiwu-customs');
    expect(yiwu.alerts).toBe('⚠ 1');
    expect(yiwu.vehicles).toMatch(/^\d+\/min$/);
    const harbin = await tileTexts(page, staleSite);
    expect(harbin.freshness).toBe('stale');
    await expect(
      page.locator(`[data-site="${staleSite}"] [data-testid="tile-age"]`).textContent(),
    ).resolves.toMatch(/STALE · nothing for 10 min/);
    expect(stack.browser.pageErrors).toEqual([]);
    await screenshot(page, 'network-view');
  });

  it('totals each region on top: tiles grouped under it, sites, alerts and stale sites', async () => {
    const { page } = stack.browser;
    const registry = (await (await fetch(`${stack.server.url}/api/sites`)).json()) as {
      sites: { id: string; region: string }[];
    };
    const totals = page.locator('[data-testid="region-total"]');
    await expect.poll(() => totals.count()).toBe(4);
    for (const region of regions) {
      const ids = registry.sites.filter((s) => s.region === region).map((s) => s.id);
      const grouped = await page
        .locator(`[data-testid="net-region"][data-region="${region}"] [data-testid="net-tile"]`)
        .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-site')));
      expect(grouped).toEqual(ids);
      const card = page.locator(`[data-testid="region-total"][data-region="${region}"]`);
      await expect(card.locator('[data-testid="sum-sites"]').textContent()).resolves.toBe(
        `· ${ids.length} site${ids.length === 1 ? '' : 's'}`,
      );
      await expect(card.locator('[data-testid="sum-stale"]').textContent()).resolves.toBe(
        region === 'northeast' ? '1' : '0',
      );
    }
    await expect(
      page
        .locator('[data-testid="region-total"][data-region="east"] [data-testid="sum-alerts"]')
        .textContent(),
    ).resolves.toMatch(/^1 /);
  });

  it('filters by region and opens a site in the operator view', async () => {
    const { page } = stack.browser;
    await page.click('.net-filter button[data-region="west"]');
    await expect.poll(() => page.locator('[data-testid="net-tile"]').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('region')).toBe('west');
    await page.reload();
    await expect
      .poll(() => page.locator('[data-testid="net-tile"]').getAttribute('data-site'))
      .toBe('ctu-shuangliu');
    await page.click('[data-testid="net-tile"][data-site="ctu-shuangliu"]');
    await expect.poll(() => new URL(page.url()).searchParams.get('site')).toBe('ctu-shuangliu');
    // The URL changes before the operator view has drawn its picker: wait for what the person sees.
    await expect.poll(() => page.locator('[data-testid="site-picker"]').inputValue()).toBe('ctu-shuangliu');
    await page.click('[data-testid="nav-network"]');
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('network');
  });

  it('reads in Chinese', async () => {
    const { page } = stack.browser;
    await page.goto(`${stack.server.url}/?view=network&lang=zh`);
    await expect
      .poll(() => page.locator('[data-testid="net-tile"][data-site="hgh-xiasha"] .net-site').textContent())
      .toBe('杭州下沙跨境电商园');
    await expect(
      page.locator('[data-testid="region-total"][data-region="east"] h2').textContent(),
    ).resolves.toMatch(/^东部地区/);
    await expect(
      page.locator(`[data-site="${staleSite}"] [data-testid="tile-age"]`).textContent(),
    ).resolves.toMatch(/数据中断/);
    await screenshot(page, 'network-view-zh');
  });

  it('fills a wall screen with the 7 sites on one page', async () => {
    const wall = await launchChromium({ viewport: { width: 1920, height: 1080 } });
    try {
      await wall.page.goto(`${stack.server.url}/?view=network&mode=wall&lang=en`);
      await expect.poll(() => wall.page.locator('[data-testid="net-tile"]').count()).toBe(sites.length);
      await expect
        .poll(() => wall.page.locator('[data-testid="wall-title"]').textContent())
        .toBe('Network · 7 sites');
      await expectInsideScreen(wall.page);
      await screenshot(wall.page, 'network-wall-7');
    } finally {
      await wall.close();
    }
  });
});

/** Every tile inside the viewport and its figures at a readable size. */
async function expectInsideScreen(page: Page, minValuePx = 16) {
  const boxes = await page.locator('[data-testid="net-tile"]').evaluateAll((tiles) =>
    tiles.map((t) => {
      const r = t.getBoundingClientRect();
      const value = t.querySelector('[data-testid="tile-vehicles"]')!;
      return {
        bottom: r.bottom,
        right: r.right,
        font: Number.parseFloat(getComputedStyle(value).fontSize),
        clipped: t.scrollWidth > t.clientWidth + 1,
      };
    }),
  );
  const viewport = page.viewportSize()!;
  for (const b of boxes) {
    expect(b.bottom).toBeLessThanOrEqual(viewport.height);
    expect(b.right).toBeLessThanOrEqual(viewport.width);
    expect(b.font).toBeGreaterThanOrEqual(minValuePx);
    expect(b.clipped).toBe(false);
  }
}

describe('network overview, 100 sites', () => {
  let stack: LiveStack;
  const provinces = [
    'Zhejiang',
    'Jiangsu',
    'Guangdong',
    'Shandong',
    'Hubei',
    'Henan',
    'Sichuan',
    'Shaanxi',
    'Heilongjiang',
    'Liaoning',
  ];
  const registry = Array.from({ length: 100 }, (_, i) => ({
    id: `site-${String(i + 1).padStart(3, '0')}`,
    name: `Logistics Park ${i + 1}`,
    name_zh: `物流园 ${i + 1}`,
    province: provinces[i % provinces.length]!,
  }));

  beforeAll(async () => {
    const file = join((await import('node:os')).tmpdir(), `portpulse-100-sites-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(registry));
    stack = await startLiveStack({
      env: { PORTPULSE_SITES: file },
      browser: { viewport: { width: 1920, height: 1080 } },
    });
    const now = Date.now();
    await post(
      stack.server.url,
      registry.flatMap((s, k) => siteEvents(s.id, k % 9, now)),
    );
  });
  afterAll(() => stack?.stop());

  it('shrinks the tiles on a desk screen and filters to one region', async () => {
    const { page } = stack.browser;
    await page.goto(`${stack.server.url}/?view=network&lang=en`);
    await expect.poll(() => page.locator('[data-testid="net-tile"]').count()).toBe(100);
    await expect(page.locator('[data-testid="network-view"]').getAttribute('data-density')).resolves.toBe(
      'dense',
    );
    await expect
      .poll(() =>
        page
          .locator('[data-testid="net-tile"][data-site="site-100"] [data-testid="tile-vehicles"]')
          .textContent(),
      )
      .toMatch(/\/min$/);
    await screenshot(page, 'network-view-100');
    await page.click('.net-filter button[data-region="northeast"]');
    await expect.poll(() => page.locator('[data-testid="net-tile"]').count()).toBe(20);
    await expect(page.locator('[data-testid="network-view"]').getAttribute('data-density')).resolves.toBe(
      'compact',
    );
  });

  it('pages the wall by region, every page inside the screen and readable', async () => {
    const { page } = stack.browser;
    await page.goto(`${stack.server.url}/?view=network&mode=wall&rotate=3&lang=en`);
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (window as unknown as { portpulse: { network(): { pages: number } } }).portpulse.network().pages,
        ),
      )
      .toBeGreaterThan(1);
    await expect
      .poll(() =>
        page.locator('[data-testid="net-tile"] [data-testid="tile-vehicles"]').first().textContent(),
      )
      .toMatch(/\/min$/);
    await expectInsideScreen(page);
    await expect(page.locator('[data-testid="wall-page"]').textContent()).resolves.toMatch(/^1 \/ \d/);
    await screenshot(page, 'network-wall-100');
    await expect
      .poll(() => page.locator('[data-testid="wall-page"]').textContent(), { timeout: 20_000 })
      .toMatch(/^2 \/ \d/);
    await expectInsideScreen(page);
  });
});

// Gate traffic of one site for browser tests that need an operator view with real numbers, written through the
// server's JSON write API: the last 65 minutes of trucks in and out in waves (processing times mostly within the
// 10 s target, some rural, parcels) and staff badged in, then the trucks of each second as it passes while the
// test runs, so the per-minute tiles never run dry. No randomness: the same trucks every run.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { gateScan } from '../../shared/events/testing/event-builders';
import { chartData } from './live-page';

export interface GateTraffic {
  /** Stops the live trucks (awaits the write in flight). */
  stop(): Promise<void>;
}

const HISTORY_MS = 65 * 60_000;
const STAFF_IN = 14;
const STAFF_OUT = 3;

/** Trucks a minute at time t: 4 to 9, in a 20-minute swell, the way gate traffic comes in waves. */
const perMinute = (t: number) => 6.5 + 2.5 * Math.sin((2 * Math.PI * t) / (20 * 60_000));

/** The n-th truck: lane, processing time (3–9.5 s, slower in the waves' peaks, one in thirty past the 10 s target), parcels, rural share. */
function truck(site: string, n: number, time: number, direction: 'in' | 'out') {
  return gateScan({
    site,
    time,
    direction,
    gate: direction === 'in' ? 'g1' : 'g2',
    lane: `l${(n % 3) + 1}`,
    plate: `浙A${String(20_000 + (n % 5_000)).padStart(5, '0')}`,
    processing_ms:
      n % 30 === 7
        ? 11_000 + ((n * 131) % 2_000)
        : 3_000 + ((n * 7_919) % 5_000) + Math.round(300 * (perMinute(time) - 4)), // slower at the peaks
    parcels: direction === 'in' ? 80 + ((n * 37) % 160) : 0,
    rural: n % 4 === 0,
  });
}

/** The trucks of both directions up to a time, each direction at its own gaps around perMinute. */
function trucksUntil(site: string, state: { next: Record<'in' | 'out', number>; n: number }, until: number) {
  const out = [];
  for (const direction of ['in', 'out'] as const) {
    while (state.next[direction] <= until) {
      const t = state.next[direction];
      out.push(truck(site, state.n++, t, direction));
      const jitter = 0.7 + ((state.n * 53) % 60) / 100; // 0.7–1.3
      state.next[direction] = t + Math.round((60_000 / perMinute(t)) * jitter);
    }
  }
  return out;
}

/** STAFF_IN badges of the site scanned in a minute apart from `since`, the first STAFF_OUT out again 20 min later. */
function staffScans(site: string, since: number) {
  const scans = [];
  for (let i = 0; i < STAFF_IN; i++) {
    const badge = `XS-${String(i + 1).padStart(4, '0')}`;
    const staff = { site, subject: 'staff', badge, plate: '', parcels: 0, processing_ms: 1_500 } as const;
    const t = since + i * 60_000;
    scans.push(gateScan({ ...staff, time: t }));
    if (i < STAFF_OUT) scans.push(gateScan({ ...staff, time: t + 20 * 60_000, direction: 'out' }));
  }
  return scans;
}

/**
 * Writes the badge scans of a shift that came in within the last 35 minutes (STAFF_IN in, STAFF_OUT of them out
 * again) and returns how many of these badges are on site. For tests on the simulators' short backfill, whose
 * shift badged in before it: without this the staff tile says "—".
 */
export async function writeStaffOnSite(url: string, site: string): Promise<number> {
  await post(url, staffScans(site, Date.now() - 35 * 60_000));
  return STAFF_IN - STAFF_OUT;
}

async function post(url: string, events: object[]): Promise<void> {
  if (events.length === 0) return;
  const res = await fetch(`${url}/api/events`, { method: 'POST', body: JSON.stringify(events) });
  if (res.status !== 204) throw new Error(`gate traffic refused: HTTP ${res.status} ${await res.text()}`);
}

export async function startGateTraffic(url: string, site: string): Promise<GateTraffic> {
  const now = Date.now();
  const state = { next: { in: now - HISTORY_MS, out: now - HISTORY_MS + 4_000 }, n: 0 };
  const history = [...trucksUntil(site, state, now - 1_000), ...staffScans(site, now - HISTORY_MS)];
  history.sort((a, b) => a.time - b.time);
  await post(url, history);

  // Live: every second, the trucks whose time has come (about one every 4 s each way).
  let inFlight: Promise<void> = Promise.resolve();
  const live = setInterval(() => {
    inFlight = post(url, trucksUntil(site, state, Date.now())).catch(() => {});
  }, 1_000);
  return {
    async stop() {
      clearInterval(live);
      await inFlight;
    },
  };
}

/**
 * Waits until a page (operator view or wall) shows the gate traffic: the tiles (trucks per minute, staff on
 * site, share within the target) and the gate charts drawn over the history, so a screenshot has them.
 */
export async function waitForGateTraffic(p: Page): Promise<void> {
  const raw = (kpi: string) => p.locator(`[data-kpi="${kpi}"]`).getAttribute('data-raw');
  const points = async (chart: string) =>
    (await chartData(p, chart))?.slice(1).reduce((n, s) => n + s.filter((v) => v != null).length, 0) ?? 0;
  await expect.poll(async () => Number(await raw('vehicles_in_per_min'))).toBeGreaterThan(0);
  await expect.poll(async () => Number(await raw('staff_on_site'))).toBe(STAFF_IN - STAFF_OUT);
  await expect.poll(async () => Number(await raw('sla_share'))).toBeGreaterThan(0);
  await expect.poll(() => points('gate-flow')).toBeGreaterThan(30);
  await expect.poll(() => points('processing')).toBeGreaterThan(30);
}

import { describe, expect, it } from 'vitest';
import { eventSchema, type PortEvent } from '../../../shared/events/event';
import { addEvent, emptySums, type RawSums } from '../../../shared/indices/raw-sums';
import { localDay, localDayStartMs } from '../../../shared/indices/time-zone';
import { demoSite } from '../../common/testing/sites';
import { createSiteSimulator } from '../site-simulator';
import { SiteHistory } from './site-history';

const DAY = 86_400_000;

function daySums(events: PortEvent[]): { sums: RawSums; badges: number } {
  const sums = emptySums();
  const badges = new Set<string>();
  for (const e of events) {
    const badge = addEvent(sums, e);
    if (badge) badges.add(badge);
  }
  return { sums, badges: badges.size };
}

describe('site history', () => {
  const site = demoSite('can-baiyun');
  const toMs = Date.UTC(2026, 11, 3, 0, 0); // 08:00 in Shanghai
  const lastFullDay = localDay(toMs, site.timezone) - 1;

  it('writes valid events of the contract, inside [from, to), each day in time order', () => {
    const fromMs = toMs - 40 * DAY;
    const history = new SiteHistory(site, { seed: 3, speed: 1, fromMs, toMs, staffOutFromMs: toMs - DAY });
    const all: PortEvent[] = [];
    for (let d = localDay(fromMs, site.timezone); d <= localDay(toMs, site.timezone); d++) {
      const times = history.day(d).map((e) => {
        all.push(e);
        return e.time;
      });
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    for (const e of all) expect(eventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    expect(all.every((e) => e.time >= fromMs && e.time < toMs)).toBe(true);
    const kinds = new Set(
      all.map((e) => (e.measurement === 'gate_scan' ? `${e.subject}/${e.direction}` : e.measurement)),
    );
    expect([...kinds].sort()).toEqual([
      'flight_departure',
      'staff/in',
      'staff/out',
      'vehicle/in',
      'vehicle/out',
      'weighbridge',
    ]);
    // Staff leave (out scans) only on the last day, which the live "staff on site" reads.
    const outs = all.filter(
      (e) => e.measurement === 'gate_scan' && e.subject === 'staff' && e.direction === 'out',
    );
    expect(outs.every((e) => e.time >= toMs - DAY)).toBe(true);
  });

  it('ends at the level of the live simulation: parcels, rural parcels and staff of a day', () => {
    const fromMs = toMs - 3 * DAY;
    const history = new SiteHistory(site, { seed: 3, speed: 1, fromMs, toMs, staffOutFromMs: toMs - DAY });
    let hist = daySums([]);
    for (let d = localDay(fromMs, site.timezone); d <= lastFullDay; d++) {
      const day = history.day(d);
      if (d === lastFullDay) hist = daySums(day);
    }
    const start = localDayStartMs(lastFullDay, site.timezone);
    const live = daySums(
      createSiteSimulator(site, { seed: 3, speed: 1, startMs: start }).generate(start, start + DAY),
    );
    // Far fewer events …
    expect(hist.sums.vehicleScans).toBeLessThan(live.sums.vehicleScans / 20);
    // … carrying the same day (the history has a weekly rhythm and the 12.12 build-up, the live one has not).
    expect(hist.sums.parcels / live.sums.parcels).toBeGreaterThan(0.8);
    expect(hist.sums.parcels / live.sums.parcels).toBeLessThan(1.25);
    const histRural = hist.sums.ruralParcels / hist.sums.parcels;
    const liveRural = live.sums.ruralParcels / live.sums.parcels;
    expect(histRural / liveRural).toBeGreaterThan(0.75);
    expect(histRural / liveRural).toBeLessThan(1.33);
    expect(hist.badges / live.badges).toBeGreaterThan(0.75);
    expect(hist.badges / live.badges).toBeLessThan(1.33);
    // Shares are read from fewer, real events.
    expect(hist.sums.vehicleScansWithinSla / hist.sums.vehicleScans).toBeGreaterThan(0.7);
    expect(hist.sums.netKg / hist.sums.ratedKg).toBeGreaterThan(0.25);
    expect(hist.sums.onTimeDepartures).toBeGreaterThan(0);
  });
});

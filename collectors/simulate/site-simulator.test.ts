// Demo volumes: a busy hub in daytime (2–5 events/s over the 7 demo sites), calm at night, scaled by speed.
import { describe, expect, it } from 'vitest';
import { demoSite, demoSites, HOUR, shanghai } from '../common/testing/sites';
import { expectWithin } from '../common/testing/within';
import { createSiteSimulator } from './site-simulator';

const day = shanghai(2025, 7, 15);

function eventsPerSecond(fromHour: number, speed = 1, sites = demoSites): number {
  const from = day + fromHour * HOUR;
  const sims = sites.map((s) => createSiteSimulator(s, { seed: 11, speed, startMs: from }));
  return sims.reduce((n, s) => n + s.generate(from, from + HOUR).length, 0) / 3600;
}

describe('site simulator (demo volumes)', () => {
  it('produces 2–5 events/s over the demo sites in daytime and far fewer at night', () => {
    const morning = eventsPerSecond(10);
    expectWithin(morning, 2, 5, 'events/s 10:00–11:00');
    const afternoon = eventsPerSecond(15);
    expectWithin(afternoon, 2, 5, 'events/s 15:00–16:00');
    expect(eventsPerSecond(3)).toBeLessThan(morning / 4);
  });

  it('multiplies the rate by speed', () => {
    const ratio = eventsPerSecond(10, 3) / eventsPerSecond(10, 1);
    expectWithin(ratio, 2.6, 3.4, 'rate ratio at speed 3');
  });

  it('mixes all three measurements at an airport site, sorted by time', () => {
    const sim = createSiteSimulator(demoSite('can-baiyun'), { seed: 1, startMs: day });
    const events = sim.generate(day, day + 24 * HOUR);
    expect(new Set(events.map((e) => e.measurement))).toEqual(
      new Set(['gate_scan', 'weighbridge', 'flight_departure']),
    );
    expect(events.every((e, i) => i === 0 || events[i - 1]!.time <= e.time)).toBe(true);
  });
});

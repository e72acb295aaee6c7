// Cargo departures over simulated weeks: valid, scheduled, mostly on time (A-CDM: AOBT − SOBT < 15 min),
// concentrated in the evening/night bank, and only at sites with an airport.
import { describe, expect, it } from 'vitest';
import { eventSchema } from '../../shared/events/event';
import { delayMinutes, isOnTime } from '../../shared/events/flight-departure';
import { DAY, demoSite, demoSites, shanghai } from '../common/testing/sites';
import { expectWithin } from '../common/testing/within';
import { localHour } from '../simulate/local-time';
import { Rng } from '../simulate/random';
import { createFlightDepartureSimulator, generate } from './simulator';

const start = shanghai(2025, 7, 1);
const month = (id: string, seed = 1) => generate(demoSite(id), start, start + 30 * DAY, new Rng(seed));

describe('flight-departure simulator', () => {
  it('emits nothing for a site without an airport', () => {
    expect(month('hgh-xiasha')).toEqual([]);
  });

  it('is reproducible and independent of window slicing', () => {
    expect(month('xmn-gaoqi', 3)).toEqual(month('xmn-gaoqi', 3));
    const site = demoSite('xmn-gaoqi');
    const sim = createFlightDepartureSimulator(site, new Rng(3), { startMs: start });
    const sliced = Array.from({ length: 30 * 24 }, (_, h) =>
      sim.generate(start + h * 3_600_000, start + (h + 1) * 3_600_000),
    );
    expect(sliced.flat()).toEqual(month('xmn-gaoqi', 3));
  });

  it('emits valid departures timed at the AOBT with cargo within capacity', () => {
    for (const site of demoSites.filter((s) => s.airport)) {
      const flights = month(site.id);
      expect(flights.length).toBeGreaterThan(10 * 30);
      for (const f of flights) {
        expect(eventSchema.safeParse(f).success).toBe(true);
        expect(f.time).toBe(f.aobt);
        expect(f.airport).toBe(site.airport);
        expect(f.destination).not.toBe(f.airport);
        expect(f.cargo_kg).toBeLessThanOrEqual(f.capacity_kg);
        expect(f.parcels).toBeGreaterThan(0);
        expect(f.flight_no.startsWith(f.carrier)).toBe(true);
      }
    }
  });

  it('is mostly on time, with some flights well late', () => {
    const flights = month('can-baiyun');
    const onTime = flights.filter(isOnTime).length / flights.length;
    expectWithin(onTime, 0.72, 0.92, 'on-time share');
    expect(flights.some((f) => delayMinutes(f) > 60)).toBe(true);
    expect(flights.every((f) => delayMinutes(f) >= -5)).toBe(true);
  });

  it('follows a daily schedule: each flight number leaves at the same local SOBT every day', () => {
    const byFlight = new Map<string, Set<number>>();
    for (const f of month('wuh-tianhe')) {
      const sobts = byFlight.get(f.flight_no) ?? new Set();
      sobts.add(localHour(f.sobt, 'Asia/Shanghai'));
      byFlight.set(f.flight_no, sobts);
    }
    for (const sobts of byFlight.values()) expect(sobts.size).toBe(1);
  });

  it('concentrates departures in the evening/night bank', () => {
    const hours = month('can-baiyun').map((f) => localHour(f.sobt, 'Asia/Shanghai'));
    const night = hours.filter((h) => h >= 19 || h < 3).length;
    const morning = hours.filter((h) => h >= 6 && h < 12).length;
    expect(night).toBeGreaterThan(2 * morning);
  });
});

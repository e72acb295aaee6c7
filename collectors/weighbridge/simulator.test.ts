// Weighbridge readings over simulated days: valid, reproducible, physically coherent per truck, mostly stable,
// overweight now and then, and about the same trucks the gate cameras see.
import { describe, expect, it } from 'vitest';
import { eventSchema } from '../../shared/events/event';
import { isOverweight, type Weighbridge } from '../../shared/events/weighbridge';
import { DAY, demoSite, demoSites, HOUR, shanghai } from '../common/testing/sites';
import { expectWithin } from '../common/testing/within';
import { createGateScanSimulator } from '../gate-scan/simulator';
import { Rng } from '../simulate/random';
import { siteProfile } from '../simulate/site-profile';
import { TruckTraffic } from '../simulate/truck-traffic';
import { createWeighbridgeSimulator, generate } from './simulator';

const day = shanghai(2025, 7, 15);
const oneDay = (id: string, seed = 1) => generate(demoSite(id), day, day + DAY, new Rng(seed));
const share = (xs: Weighbridge[], p: (e: Weighbridge) => boolean) => xs.filter(p).length / xs.length;

describe('weighbridge simulator', () => {
  it('is reproducible for a seed and independent of window slicing', () => {
    const site = demoSite('ctu-shuangliu');
    expect(oneDay(site.id, 4)).toEqual(oneDay(site.id, 4));
    expect(oneDay(site.id, 4)).not.toEqual(oneDay(site.id, 5));
    const whole = generate(site, day, day + 2 * HOUR, new Rng(4));
    const sim = createWeighbridgeSimulator(site, new Rng(4), { startMs: day });
    const sliced = Array.from({ length: 7200 }, (_, i) => sim.generate(day + i * 1000, day + (i + 1) * 1000));
    expect(sliced.flat()).toEqual(whole);
  });

  it('emits only valid readings with net = gross − tare, 2–6 axles, inside the window', () => {
    for (const site of demoSites) {
      const readings = generate(site, day, day + DAY, new Rng(1));
      for (const r of readings) {
        expect(eventSchema.safeParse(r).success).toBe(true);
        expect(r.net_kg).toBe(r.gross_kg - r.tare_kg);
        expect([2, 3, 4, 5, 6]).toContain(r.axles);
        expect(r.time >= day && r.time < day + DAY).toBe(true);
      }
    }
  });

  it('weighs a truck loaded in and empty out, with the same tare and rated payload', () => {
    const stable = oneDay('yiwu-customs').filter((r) => r.stable);
    const ins = new Map(stable.filter((r) => r.direction === 'in').map((r) => [r.plate, r]));
    let compared = 0;
    for (const out of stable.filter((r) => r.direction === 'out')) {
      const inR = ins.get(out.plate);
      if (!inR || inR.time > out.time) continue;
      compared++;
      expect(out.tare_kg).toBe(inR.tare_kg);
      expect(out.rated_payload_kg).toBe(inR.rated_payload_kg);
      expect(out.net_kg).toBeLessThan(150); // fuel, driver, scale noise
      expect(inR.net_kg).toBeGreaterThan(0.25 * inR.rated_payload_kg);
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('finds overweight trucks now and then (0.3–4 % of loaded readings), never empty ones', () => {
    for (const site of demoSites) {
      const stable = oneDay(site.id).filter((r) => r.stable);
      const ow = share(
        stable.filter((r) => r.direction === 'in'),
        isOverweight,
      );
      expectWithin(ow, 0.003, 0.04, `${site.id} overweight share`);
      expect(stable.some((r) => r.direction === 'out' && isOverweight(r))).toBe(false);
    }
  });

  it('reports mostly stable readings; unstable frames settle into a stable one within 3 s', () => {
    const readings = oneDay('hgh-xiasha');
    const unstable = share(readings, (r) => !r.stable);
    expectWithin(unstable, 0.02, 0.12, 'unstable share');
    readings.forEach((r, i) => {
      if (r.stable) return;
      const settled = readings
        .slice(i + 1)
        .find((s) => s.plate === r.plate && s.bridge === r.bridge && s.stable);
      if (settled) expect(settled.time - r.time).toBeLessThanOrEqual(3000);
      else expect(r.time).toBeGreaterThan(day + DAY - 3000); // the stable reading falls after the window
    });
  });

  it('weighs the trucks the gate cameras read, on the bridge of their lane', () => {
    const site = demoSite('hgh-xiasha');
    const traffic = new TruckTraffic(site, siteProfile(site), new Rng(9), {
      trucksPerHour: 60,
      startMs: day,
    });
    const gate = createGateScanSimulator(site, new Rng(1), { startMs: day, traffic, staff: false });
    const bridge = createWeighbridgeSimulator(site, new Rng(2), { startMs: day, traffic });
    const scans = [];
    const readings = [];
    for (let t = day; t < day + DAY; t += 60_000) {
      scans.push(...gate.generate(t, t + 60_000));
      readings.push(...bridge.generate(t, t + 60_000));
    }
    const stable = readings.filter((r) => r.stable && r.time < day + DAY - 5 * 60_000);
    for (const r of stable) {
      const scan = scans.find((s) => s.plate === r.plate && s.direction === r.direction && s.time >= r.time);
      expect(scan, `a ${r.direction} scan for ${r.plate}`).toBeDefined();
      expect(`${scan!.gate}-${scan!.lane}`).toBe(r.bridge);
      expect(scan!.time - r.time).toBeLessThanOrEqual(scan!.processing_ms);
    }
  });
});

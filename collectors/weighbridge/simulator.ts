// Simulated in-lane weighbridges of one site: each truck of the shared traffic is weighed loaded on its in lane
// and empty on its out lane (bridge id = gate-lane). Readings carry scale noise in 10 kg divisions; now and then
// the indicator first reports unstable (still settling) frames before the stable one. Only stable ones count.

import type { Weighbridge } from '../../shared/events/weighbridge';
import { classifyPlate } from '../../shared/plates';
import type { Site } from '../../shared/sites/registry';
import type { WindowGenerator } from '../contract';
import { deriveSeed, Rng } from '../simulate/random';
import { siteProfile } from '../simulate/site-profile';
import { type SharedTrafficOptions, type TruckPass, trafficFor } from '../simulate/truck-traffic';

export interface WeighbridgeOptions extends SharedTrafficOptions {
  /** Share of weighings preceded by unstable frames (default 0.05). */
  unstableShare?: number;
}

/** Unstable frames come at most this long before the stable reading. */
const SETTLE_MS = 3_000;

export function createWeighbridgeSimulator(
  site: Site,
  rng: Rng,
  options: WeighbridgeOptions & { startMs: number },
): WindowGenerator<Weighbridge> {
  const traffic = trafficFor(site, siteProfile(site), rng, options, options.startMs);
  const unstableShare = options.unstableShare ?? 0.05;
  return {
    generate(fromMs, toMs) {
      return traffic
        .passes(fromMs, toMs + SETTLE_MS, 'weigh')
        .flatMap((p) => readings(site, p, unstableShare))
        .filter((r) => r.time >= fromMs && r.time < toMs)
        .sort((a, b) => a.time - b.time);
    },
  };
}

/** One-shot: the weighbridge readings of [fromMs, toMs). */
export function generate(
  site: Site,
  fromMs: number,
  toMs: number,
  rng: Rng,
  options: WeighbridgeOptions = {},
): Weighbridge[] {
  return createWeighbridgeSimulator(site, rng, { ...options, startMs: options.startMs ?? fromMs }).generate(
    fromMs,
    toMs,
  );
}

/** The readings of one weighing, drawn from the visit's own seed so any window split gives the same ones. */
export function readings(site: Site, pass: TruckPass, unstableShare: number): Weighbridge[] {
  const { visit } = pass;
  const rng = new Rng(deriveSeed(visit.seed, `weigh/${pass.direction}`));
  const tare = visit.vehicle.tareKg;
  // In: loaded. Out: empty, a little above tare (fuel, driver, dunnage).
  const trueGross = pass.direction === 'in' ? tare + visit.cargoKg : tare + Math.abs(rng.normal(0, 25));
  const reading = (time: number, gross: number, stable: boolean): Weighbridge => {
    const g = Math.max(tare, Math.round(gross / 10) * 10);
    return {
      measurement: 'weighbridge',
      time,
      site: site.id,
      bridge: `${pass.gate}-${pass.lane}`,
      direction: pass.direction,
      plate: visit.plate,
      axles: visit.vehicle.axles,
      gross_kg: g,
      tare_kg: tare,
      net_kg: g - tare,
      rated_payload_kg: visit.vehicle.ratedPayloadKg,
      stable,
      plate_type: classifyPlate(visit.plate),
    };
  };
  const weighMs = pass.weighMs!;
  const out: Weighbridge[] = [];
  if (rng.chance(unstableShare)) {
    const frames = rng.int(1, 2);
    for (let k = frames; k >= 1; k--) {
      const at = weighMs - Math.round(k * rng.between(600, SETTLE_MS / 2));
      out.push(reading(at, trueGross * (1 + rng.normal(0, 0.04)), false));
    }
  }
  out.push(reading(weighMs, trueGross + rng.normal(0, 10), true));
  return out;
}

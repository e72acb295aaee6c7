// One truck's visit to a site: it drives onto an in lane (weighed loaded while the camera reads its plate), is
// released, held for inspection (then released by a second scan) or turned away, stays a while, and leaves
// over an out lane, weighed empty. Everything random about the visit is drawn here, at arrival.
import type { Site } from '../../shared/sites/registry';
import { HOUR_MS } from './local-time';
import { randomPlate } from './plates';
import type { Rng } from './random';
import type { SiteProfile } from './site-profile';
import { randomLoad, randomVehicle, type Vehicle } from './vehicles';

export type PassResult = 'released' | 'held' | 'rejected';

export interface TruckVisit {
  plate: string;
  vehicle: Vehicle;
  /** True cargo mass carried in (weighbridge readings add scale noise). */
  cargoKg: number;
  parcels: number;
  rural: boolean;
  /** Seed for per-visit details drawn by the simulators (reading noise), independent of call order. */
  seed: number;
}

export interface TruckPass {
  visit: TruckVisit;
  direction: 'in' | 'out';
  gate: string;
  lane: string;
  result: PassResult;
  /** Verification time: plate read → decision. */
  processingMs: number;
  /** Decision instant: the gate_scan event time. */
  decisionMs: number;
  /** Stable weighbridge reading; absent on a re-scan after a hold (the truck is not weighed again). */
  weighMs?: number;
}

export const MAX_PROCESSING_MS = 120_000;
export const MAX_DWELL_MS = 4 * HOUR_MS;
const MIN_DWELL_MS = 12 * 60_000;
/** Upper bound of in-processing + hold + re-scan + out hold: a visit is over this long after arrival + dwell. */
const MAX_EXTRA_MS = 40 * 60_000;

/** Customs decisions on arrival (most released, some held for inspection, a few turned away) and on exit. */
const inResults: [PassResult, number][] = [
  ['released', 0.955],
  ['held', 0.035],
  ['rejected', 0.01],
];
const outResults: [PassResult, number][] = [
  ['released', 0.993],
  ['held', 0.007],
];

/**
 * The gate passes of a truck arriving at `arrivalMs`, or none when the whole visit ends before `notBeforeMs`
 * (warm-up trucks that left before anything is queried need not be drawn in full).
 */
export function planVisit(
  rng: Rng,
  site: Pick<Site, 'province'>,
  profile: SiteProfile,
  arrivalMs: number,
  notBeforeMs: number,
): TruckPass[] {
  const dwell = Math.min(MAX_DWELL_MS, Math.max(MIN_DWELL_MS, rng.logNormal(45 * 60_000, 0.5)));
  if (arrivalMs + dwell + MAX_EXTRA_MS < notBeforeMs) return [];
  const vehicle = randomVehicle(rng);
  const load = randomLoad(rng, vehicle);
  const visit: TruckVisit = {
    plate: randomPlate(rng, site.province),
    vehicle,
    cargoKg: load.cargoKg,
    parcels: load.parcels,
    rural: rng.chance(profile.ruralShare),
    seed: rng.uint32(),
  };
  const passes: TruckPass[] = [];
  const inGate = rng.pick(profile.gates);
  const inResult = rng.weighted(inResults);
  const entered = lanePasses(
    rng,
    profile,
    passes,
    visit,
    'in',
    inGate.id,
    rng.pick(inGate.inLanes),
    arrivalMs,
    inResult,
  );
  if (inResult === 'rejected') return passes; // turned away: no out scan
  const outGate = rng.pick(profile.gates);
  const outLane = rng.pick(outGate.outLanes);
  lanePasses(
    rng,
    profile,
    passes,
    visit,
    'out',
    outGate.id,
    outLane,
    entered + dwell,
    rng.weighted(outResults),
  );
  return passes;
}

/** One weighed pass and, after a hold, a re-scan that releases; returns the final decision time. */
function lanePasses(
  rng: Rng,
  profile: SiteProfile,
  passes: TruckPass[],
  visit: TruckVisit,
  direction: 'in' | 'out',
  gate: string,
  lane: string,
  startMs: number,
  result: PassResult,
): number {
  const processingMs = processing(rng, profile, result);
  const decisionMs = Math.round(startMs + processingMs);
  const weighMs = Math.round(startMs + Math.min(processingMs, rng.between(1500, 3000)));
  passes.push({ visit, direction, gate, lane, result, processingMs, decisionMs, weighMs });
  if (result !== 'held') return decisionMs;
  const again = decisionMs + rng.between(3, 15) * 60_000;
  const rescan = processing(rng, profile, 'released');
  const releasedMs = Math.round(again + rescan);
  passes.push({
    visit,
    direction,
    gate,
    lane,
    result: 'released',
    processingMs: rescan,
    decisionMs: releasedMs,
  });
  return releasedMs;
}

/** Log-normal around the site median with a manual-correction tail; holds and rejections take longer. */
function processing(rng: Rng, profile: SiteProfile, result: PassResult): number {
  let ms: number;
  if (result === 'held') ms = rng.logNormal(14_000, 0.45);
  else if (result === 'rejected') ms = rng.logNormal(9_000, 0.5);
  else
    ms = rng.logNormal(profile.processingMedianMs, 0.3) + (rng.chance(0.035) ? rng.exponential(12_000) : 0);
  return Math.round(Math.min(MAX_PROCESSING_MS, Math.max(800, ms)));
}

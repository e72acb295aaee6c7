// Trucks by axle class: empty weight (tare) and rated payload, and how heavily they are loaded. Tare + rated
// payload stays under the GB 1589 gross limit of the class; a small share is loaded beyond it (overweight).
import { legalGrossLimitKg } from '../../shared/events/weighbridge';
import type { Rng } from './random';

export interface Vehicle {
  axles: number;
  /** Registered empty weight, kg (a multiple of 10, as the scale division). */
  tareKg: number;
  ratedPayloadKg: number;
}

/** Typical Chinese trucks per axle count: 2-axle box van … 6-axle tractor-trailer. */
const axleClasses: Record<number, { share: number; tareKg: number; ratedPayloadKg: number }> = {
  2: { share: 0.3, tareKg: 6_500, ratedPayloadKg: 10_000 },
  3: { share: 0.15, tareKg: 10_500, ratedPayloadKg: 13_800 },
  4: { share: 0.15, tareKg: 12_500, ratedPayloadKg: 17_500 },
  5: { share: 0.1, tareKg: 15_000, ratedPayloadKg: 27_000 },
  6: { share: 0.3, tareKg: 16_500, ratedPayloadKg: 31_500 },
};

/** Share of loaded trucks over the legal gross limit. */
export const OVERWEIGHT_SHARE = 0.015;

const axleShares = Object.entries(axleClasses).map(([a, c]) => [Number(a), c.share] as const);

export function randomVehicle(rng: Rng): Vehicle {
  const axles = rng.weighted(axleShares);
  const cls = axleClasses[axles]!;
  return {
    axles,
    tareKg: Math.round((cls.tareKg * rng.between(0.95, 1.05)) / 10) * 10,
    ratedPayloadKg: cls.ratedPayloadKg,
  };
}

/** Cargo mass and parcel count of one inbound load (parcels 50–800, more for fuller trucks). */
export function randomLoad(rng: Rng, vehicle: Vehicle): { cargoKg: number; parcels: number } {
  const fill = Math.min(1, Math.max(0.3, rng.normal(0.78, 0.13)));
  const cargoKg = rng.chance(OVERWEIGHT_SHARE)
    ? legalGrossLimitKg(vehicle.axles) * rng.between(1.02, 1.16) - vehicle.tareKg
    : vehicle.ratedPayloadKg * fill;
  const parcels = Math.round(Math.min(800, Math.max(50, rng.logNormal(300, 0.5) * (fill / 0.78))));
  return { cargoKg: Math.round(cargoKg), parcels };
}

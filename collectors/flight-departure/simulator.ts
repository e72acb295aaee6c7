// Simulated A-CDM cargo departures of one airport site: each route of the daily schedule goes off-block (AOBT)
// a few minutes around its SOBT, a share of flights leaves late (≥ 15 min); the event time is the AOBT.
import type { FlightDeparture } from '../../shared/events/flight-departure';
import type { Site } from '../../shared/sites/registry';
import type { WindowGenerator } from '../contract';
import { DailyPlan } from '../simulate/daily-plan';
import type { Rng } from '../simulate/random';
import { siteProfile } from '../simulate/site-profile';
import { buildRouteTable } from './routes';

export interface FlightDepartureOptions {
  /** Scheduled departures per day (default from the site profile; 0 without an airport). */
  flightsPerDay?: number;
  /** Share of departures held ≥ 15 min (weather, slot, late cargo); default 0.17. */
  lateShare?: number;
  /** First instant that will be queried (default: the first window's start). */
  startMs?: number;
}

const MINUTE = 60_000;
const MAX_DELAY_MS = 6 * 60 * MINUTE;

export function createFlightDepartureSimulator(
  site: Site,
  rng: Rng,
  options: FlightDepartureOptions & { startMs: number },
): WindowGenerator<FlightDeparture> {
  const airport = site.airport;
  if (airport === undefined) return { generate: () => [] };
  const routes = buildRouteTable(
    rng.fork('routes'),
    options.flightsPerDay ?? siteProfile(site).flightsPerDay,
  );
  const lateShare = options.lateShare ?? 0.17;
  const plan = new DailyPlan<FlightDeparture>(
    site.timezone,
    options.startMs,
    (f) => f.time,
    (_day, dayStartMs) =>
      routes.flatMap((r): FlightDeparture[] => {
        if (rng.chance(0.02)) return []; // cancelled
        const sobt = dayStartMs + r.sobtMinute * MINUTE;
        const delayMs = rng.chance(lateShare)
          ? 15 * MINUTE + rng.exponential(35 * MINUTE)
          : rng.normal(2, 4) * MINUTE;
        const aobt = sobt + Math.round(Math.min(MAX_DELAY_MS, Math.max(-5 * MINUTE, delayMs)) / 1000) * 1000;
        const cargoKg =
          Math.round((r.capacityKg * Math.min(0.98, Math.max(0.45, rng.normal(0.82, 0.1)))) / 10) * 10;
        return [
          {
            measurement: 'flight_departure',
            time: aobt,
            site: site.id,
            airport,
            carrier: r.carrier,
            destination: r.destination,
            flight_no: r.flightNo,
            sobt,
            aobt,
            cargo_kg: cargoKg,
            capacity_kg: r.capacityKg,
            // Cross-border e-commerce parcels weigh about 1–2 kg.
            parcels: Math.round(cargoKg / rng.logNormal(1.4, 0.2)),
          },
        ];
      }),
  );
  return { generate: (fromMs, toMs) => plan.between(fromMs, toMs) };
}

/** One-shot: the departures (AOBT) in [fromMs, toMs). */
export function generate(
  site: Site,
  fromMs: number,
  toMs: number,
  rng: Rng,
  options: FlightDepartureOptions = {},
): FlightDeparture[] {
  return createFlightDepartureSimulator(site, rng, {
    ...options,
    startMs: options.startMs ?? fromMs,
  }).generate(fromMs, toMs);
}

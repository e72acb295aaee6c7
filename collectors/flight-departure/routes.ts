// The cargo route table of one airport: who flies where, on what aircraft, and at what local time each day.
// Departure times follow the cargo-flight diurnal profile (an evening/night bank).
import { activityAtHour } from '../simulate/diurnal';
import type { Rng } from '../simulate/random';

export interface CargoRoute {
  carrier: string;
  flightNo: string;
  destination: string;
  capacityKg: number;
  /** Scheduled off-block, minutes after local midnight (multiple of 5). */
  sobtMinute: number;
}

/** Chinese cargo operators and the payload (kg) of the freighters they fly. */
export const fleets: [carrier: string, weight: number, capacitiesKg: number[]][] = [
  ['CK', 3, [112_000, 102_000]], // China Cargo Airlines: B747-400F, B777F
  ['CZ', 3, [102_000]], // China Southern: B777F
  ['CA', 2, [102_000, 112_000]], // Air China Cargo: B777F, B747-400F
  ['MU', 2, [60_000, 102_000]], // China Eastern: A330-200F, B777F
  ['O3', 3, [28_000, 52_000, 112_000]], // SF Airlines: B757F, B767F, B747F
  ['SF', 1, [52_000]],
  ['3U', 1, [60_000]], // Sichuan Airlines: A330-200F
];
export const destinations = [
  'LAX',
  'FRA',
  'LHR',
  'ICN',
  'NRT',
  'SIN',
  'AMS',
  'ANC',
  'ORD',
  'LGG',
  'BUD',
  'DXB',
];

export function buildRouteTable(rng: Rng, count: number): CargoRoute[] {
  const routes: CargoRoute[] = [];
  const used = new Set<string>();
  const maxActivity = Math.max(...Array.from({ length: 96 }, (_, i) => activityAtHour('cargoFlight', i / 4)));
  while (routes.length < count) {
    const [carrier, , capacities] = rng.weighted(fleets.map((f) => [f, f[1]] as const));
    const flightNo = `${carrier}${rng.int(201, 9899)}`;
    if (used.has(flightNo)) continue;
    used.add(flightNo);
    // Rejection sampling: departure minutes distributed like the cargo-flight profile.
    let minute: number;
    do minute = rng.int(0, 287) * 5;
    while (!rng.chance(activityAtHour('cargoFlight', minute / 60) / maxActivity));
    routes.push({
      carrier,
      flightNo,
      destination: rng.pick(destinations),
      capacityKg: rng.pick(capacities),
      sobtMinute: minute,
    });
  }
  return routes;
}

// One site's simulated history, a local day at a time, at history granularity: fewer events than the live
// simulation writes, each a real event of the contract, chosen so that every index metric of a day keeps its
// definition and matches the live simulation's level on the last day (see collectors/simulate/README.md):
// - trucks: a few real visits a day (plate, vehicle, gate scans in/out with their processing times, holds and
//   rejections, weighbridge readings loaded and empty); each released inbound scan carries the parcels of the
//   trucks it stands for, so Σ parcels is the day's volume;
// - staff: one badge `in` scan per person on duty that day (the staffing metric counts distinct badges), plus
//   the `out` scans on the last days, which the live "staff on site" reads;
// - flights: a third of the schedule, each a real departure.
import type { PortEvent } from '../../../shared/events/event';
import { localDay, localDayStartMs } from '../../../shared/indices/time-zone';
import type { Site } from '../../../shared/sites/registry';
import { createFlightDepartureSimulator } from '../../flight-departure/simulator';
import { staffScan, vehicleScan } from '../../gate-scan/simulator';
import { badgeCheckMs, badgeOf, shiftPatterns } from '../../gate-scan/staff-roster';
import { readings } from '../../weighbridge/simulator';
import { activityAtHour } from '../diurnal';
import { HOUR_MS } from '../local-time';
import { deriveSeed, Rng } from '../random';
import { type SiteProfile, siteProfile } from '../site-profile';
import { DEMO_TRUCKS_PER_HOUR } from '../site-simulator';
import { planVisit, type TruckPass } from '../truck-visit';
import { randomLoad, randomVehicle } from '../vehicles';
import { type BusinessTrend, type DayShape, dayShape, siteTrend } from './business-calendar';

/** Truck visits written per day for a site of volume weight 1 at today's level. */
export const HISTORY_TRUCKS_PER_DAY = 5;
/** One scheduled departure in this many is written. */
export const HISTORY_FLIGHT_SAMPLING = 4;
/** Mean parcels per history truck at most; shares vary ±50 % around it, under the contract's 1,000,000. */
const MAX_MEAN_PARCELS = 400_000;

export interface SiteHistoryOptions {
  seed: number;
  /** The live simulation's rate multiplier, so history ends at the live level. */
  speed: number;
  /** First instant written. */
  fromMs: number;
  /** Nothing at or after this instant is written (the live simulation takes over there). */
  toMs: number;
  /** Staff `out` scans are written from here on (before it, `in` scans only). */
  staffOutFromMs: number;
}

export class SiteHistory {
  private readonly profile: SiteProfile;
  private readonly rng: Rng;
  private readonly flights;
  private readonly nowDay: number;
  private readonly trend: BusinessTrend;
  /** The live simulation's mean parcels a day through the gates and on departures. */
  private readonly liveGateParcels: number;
  private readonly liveFlightParcels: number;

  constructor(
    readonly site: Site,
    private readonly options: SiteHistoryOptions,
  ) {
    this.profile = siteProfile(site);
    this.rng = new Rng(deriveSeed(options.seed, `history/${site.id}`));
    this.nowDay = localDay(options.toMs, site.timezone);
    this.trend = siteTrend(new Rng(deriveSeed(0, `trend/${site.id}`)));
    const liveTrucksPerDay = DEMO_TRUCKS_PER_HOUR * this.profile.volumeWeight * options.speed * 24;
    this.liveGateParcels = liveTrucksPerDay * meanCountedParcels();
    const liveFlights = Math.round(this.profile.flightsPerDay * options.speed);
    this.liveFlightParcels = liveFlights * meanFlightParcels(site, liveFlights);
    this.flights = createFlightDepartureSimulator(site, this.rng.fork('flights'), {
      flightsPerDay: Math.max(1, Math.round(liveFlights / HISTORY_FLIGHT_SAMPLING)),
      startMs: options.fromMs,
    });
  }

  /** The events of local day `day` (days must be asked in order), sorted by time. */
  day(day: number): PortEvent[] {
    const { fromMs, toMs } = this.options;
    const start = localDayStartMs(day, this.site.timezone);
    const end = localDayStartMs(day + 1, this.site.timezone);
    const shape = dayShape(day, this.nowDay, this.trend);
    const flights = this.flights.generate(Math.max(fromMs, start), Math.min(toMs, end));
    const flightParcels = flights.reduce((s, f) => s + f.parcels, 0);
    // The day's volume at the live level, less what the sampled departures carry, goes through the gates.
    const total = shape.volume * (this.liveGateParcels + this.liveFlightParcels);
    const gateParcels = Math.max(0, total - flightParcels);
    const ruralParcels = Math.min(
      gateParcels,
      shape.volume * this.liveGateParcels * this.profile.ruralShare * shape.ruralShare,
    );
    const events: PortEvent[] = [
      ...flights,
      ...this.trucks(start, shape, gateParcels, ruralParcels),
      ...this.staff(day, start, shape),
    ];
    return events.filter((e) => e.time >= fromMs && e.time < toMs).sort((a, b) => a.time - b.time);
  }

  private trucks(start: number, shape: DayShape, parcels: number, rural: number): PortEvent[] {
    const rng = this.rng;
    const urban = parcels - rural;
    // Enough trucks that none carries more than the contract allows (a busy site on 11.11 needs more).
    const byCap = Math.ceil(rural / MAX_MEAN_PARCELS) + Math.ceil(urban / MAX_MEAN_PARCELS) + 1;
    const n = Math.max(
      2,
      byCap,
      stochasticRound(rng, HISTORY_TRUCKS_PER_DAY * this.profile.volumeWeight * shape.volume),
    );
    const profile = {
      ...this.profile,
      processingMedianMs: this.profile.processingMedianMs * shape.processing,
    };
    const visits: TruckPass[][] = [];
    for (let i = 0; i < n; i++) {
      const passes = planVisit(rng, this.site, profile, start + truckTimeOfDay(rng), 0);
      const visit = passes[0]!.visit;
      visit.cargoKg = Math.round(visit.cargoKg * shape.load);
      visits.push(passes);
    }
    // Only a released inbound scan counts: split the day's parcels over the trucks that were let in, the rural
    // parcels over the rural ones.
    const counted = visits
      .filter((p) => p.some((x) => x.direction === 'in' && x.result === 'released'))
      .map((p) => p[0]!.visit);
    for (const p of visits) p[0]!.visit.rural = false;
    const ruralCount =
      rural <= 0 || counted.length < 2
        ? 0
        : Math.min(
            counted.length - Math.max(1, Math.ceil(urban / MAX_MEAN_PARCELS)),
            Math.max(
              Math.ceil(rural / MAX_MEAN_PARCELS),
              stochasticRound(rng, (counted.length * rural) / parcels),
            ),
          );
    const ruralVisits = counted.slice(0, Math.max(0, ruralCount));
    for (const v of ruralVisits) v.rural = true;
    share(ruralVisits, ruralVisits.length > 0 ? rural : 0);
    share(counted.slice(ruralVisits.length), ruralVisits.length > 0 ? urban : parcels);
    return visits
      .flat()
      .flatMap((p) => [
        vehicleScan(this.site, p),
        ...(p.weighMs === undefined ? [] : readings(this.site, p, 0)),
      ]);
  }

  private staff(day: number, start: number, shape: DayShape): PortEvent[] {
    const rng = this.rng;
    const shifts = shiftPatterns[this.profile.shifts];
    const teams = shifts.length + 1;
    const onBooks = this.profile.teamSize * shape.staff;
    const out: PortEvent[] = [];
    shifts.forEach((shift, s) => {
      const team = (((s - day) % teams) + teams) % teams; // the live roster's forward rotation
      const shiftStart = start + shift.startHour * HOUR_MS;
      for (let m = 0; m < Math.ceil(onBooks); m++) {
        // The last member is on the books for part of the year (headcount grows smoothly, not in steps).
        const onDuty = Math.min(1, onBooks - m) * shift.presence * shape.attendance;
        if (!rng.chance(onDuty)) continue;
        const badge = badgeOf(this.profile, team, m);
        const inMs = shiftStart - Math.round(rng.between(5, 25) * 60_000);
        out.push(
          staffScan(this.site, { badge, direction: 'in', timeMs: inMs, processingMs: badgeCheckMs(rng) }),
        );
        const outMs = shiftStart + shift.hours * HOUR_MS + Math.round(rng.between(1, 20) * 60_000);
        if (outMs >= this.options.staffOutFromMs)
          out.push(
            staffScan(this.site, { badge, direction: 'out', timeMs: outMs, processingMs: badgeCheckMs(rng) }),
          );
      }
    });
    return out;
  }
}

/** Gives `visits` parcels summing to `total`, more to the trucks drawn with more (within ±50 % of the mean). */
function share(visits: { parcels: number }[], total: number): void {
  const weights = visits.map((v) => Math.sqrt(v.parcels));
  const sum = weights.reduce((a, b) => a + b, 0);
  let left = Math.round(total);
  visits.forEach((v, i) => {
    const p = i === visits.length - 1 ? left : Math.round((total * weights[i]!) / sum);
    v.parcels = Math.max(0, Math.min(left, p));
    left -= v.parcels;
  });
}

function stochasticRound(rng: Rng, x: number): number {
  const f = Math.floor(x);
  return f + (rng.chance(x - f) ? 1 : 0);
}

const peakActivity = Math.max(...Array.from({ length: 96 }, (_, i) => activityAtHour('truck', i / 4)));

/** An arrival time of day (ms after local midnight) following the trucks' diurnal profile. */
function truckTimeOfDay(rng: Rng): number {
  for (;;) {
    const hour = rng.between(0, 24);
    if (rng.next() * peakActivity < activityAtHour('truck', hour)) return Math.round(hour * HOUR_MS);
  }
}

let countedParcelsCache: number | undefined;
/** Mean parcels a live truck brings in and has counted (1 % are turned away), from a fixed sample. */
function meanCountedParcels(): number {
  if (countedParcelsCache !== undefined) return countedParcelsCache;
  const rng = new Rng(1);
  let sum = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) sum += randomLoad(rng, randomVehicle(rng)).parcels;
  countedParcelsCache = (0.99 * sum) / n;
  return countedParcelsCache;
}

/** Mean parcels of one of the live simulation's departures at this site (0 without an airport). */
function meanFlightParcels(site: Site, flightsPerDay: number): number {
  if (flightsPerDay === 0 || site.airport === undefined) return 0;
  const from = Date.UTC(2025, 0, 6);
  const week = createFlightDepartureSimulator(site, new Rng(deriveSeed(7, site.id)), {
    flightsPerDay,
    startMs: from,
  }).generate(from, from + 7 * 86_400_000);
  return week.length === 0 ? 0 : week.reduce((s, f) => s + f.parcels, 0) / week.length;
}

// The raw sums and counts every index is computed from, and how one event adds to them. Rollups keep one
// RawSums per site and local day; a month, a region or all sites is the plain sum of those (never an average).
import type { PortEvent } from '../events/event';
import { type FlightDeparture, isOnTime } from '../events/flight-departure';
import { GATE_SLA_MS } from '../events/gate-scan';

export const rawSumKeys = [
  'parcels', // Σ parcels: released vehicle gate scans (both directions) + flight departures
  'volumeEvents', // how many events `parcels` read (tells "no data" from a real zero)
  'ruralParcels', // Σ parcels of released vehicle gate scans with rural=true
  'ruralEvents',
  'staffBadgeDays', // Σ over days (and sites) of distinct badges with a released `in` scan that day
  'netKg', // Σ net_kg over stable weighbridge readings
  'ratedKg', // Σ rated_payload_kg over the same readings
  'stableWeighings',
  'vehicleScans', // vehicle gate scans, any result
  'vehicleScansWithinSla', // … of which processing_ms ≤ 10 000
  'departures',
  'onTimeDepartures', // AOBT − SOBT < 15 min
] as const;
export type RawSumKey = (typeof rawSumKeys)[number];
export type RawSums = Record<RawSumKey, number>;

/** A literal (not built from rawSumKeys) so every RawSums shares one fast object shape. */
export function emptySums(): RawSums {
  return {
    parcels: 0,
    volumeEvents: 0,
    ruralParcels: 0,
    ruralEvents: 0,
    staffBadgeDays: 0,
    netKg: 0,
    ratedKg: 0,
    stableWeighings: 0,
    vehicleScans: 0,
    vehicleScansWithinSla: 0,
    departures: 0,
    onTimeDepartures: 0,
  };
}

/** Adds `from` into `into` and returns `into`. */
export function addSums(into: RawSums, from: RawSums): RawSums {
  for (const k of rawSumKeys) into[k] += from[k];
  return into;
}

export function sumAll(list: Iterable<RawSums>): RawSums {
  const total = emptySums();
  for (const s of list) addSums(total, s);
  return total;
}

/**
 * Adds one event to the sums of its day. Distinct badges cannot be summed per event, so the badge of a
 * released staff `in` scan is returned for the caller's per-day set; it adds to `staffBadgeDays` there.
 */
export function addEvent(sums: RawSums, e: PortEvent): string | undefined {
  switch (e.measurement) {
    case 'gate_scan':
      if (e.subject === 'staff') return e.result === 'released' && e.direction === 'in' ? e.badge : undefined;
      sums.vehicleScans++;
      if (e.processing_ms <= GATE_SLA_MS) sums.vehicleScansWithinSla++;
      if (e.result === 'released') {
        sums.parcels += e.parcels;
        sums.volumeEvents++;
        if (e.rural) {
          sums.ruralParcels += e.parcels;
          sums.ruralEvents++;
        }
      }
      return undefined;
    case 'weighbridge':
      if (e.stable) {
        sums.netKg += e.net_kg;
        sums.ratedKg += e.rated_payload_kg;
        sums.stableWeighings++;
      }
      return undefined;
    case 'flight_departure':
      sums.parcels += e.parcels;
      sums.volumeEvents++;
      sums.departures++;
      if (isOnTime(e)) sums.onTimeDepartures++;
      return undefined;
  }
}

/** Takes out what a departure added (the version a revision replaces, see revisedVersion). */
export function removeDeparture(sums: RawSums, d: Pick<FlightDeparture, 'sobt' | 'aobt' | 'parcels'>): void {
  sums.parcels -= d.parcels;
  sums.volumeEvents--;
  sums.departures--;
  if (isOnTime(d)) sums.onTimeDepartures--;
}

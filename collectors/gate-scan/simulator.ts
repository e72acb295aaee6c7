// Simulated smart-gate scans of one site: trucks in and out (plate read, verified in ~5 s, released, held or
// rejected) from the shared truck traffic, plus staff badging in and out around their shifts.

import type { GateScan } from '../../shared/events/gate-scan';
import { classifyPlate } from '../../shared/plates';
import type { Site } from '../../shared/sites/registry';
import type { WindowGenerator } from '../contract';
import type { Rng } from '../simulate/random';
import { siteProfile } from '../simulate/site-profile';
import { type SharedTrafficOptions, type TruckPass, trafficFor } from '../simulate/truck-traffic';
import { createStaffRoster, type StaffScan } from './staff-roster';

export interface GateScanOptions extends SharedTrafficOptions {
  /** Emit staff badge scans (default true). */
  staff?: boolean;
}

/** Staff use a dedicated lane of the first gate. */
export const STAFF_GATE = 'G1';
export const STAFF_LANE = 'S1';

export function createGateScanSimulator(
  site: Site,
  rng: Rng,
  options: GateScanOptions & { startMs: number },
): WindowGenerator<GateScan> {
  const profile = siteProfile(site);
  const traffic = trafficFor(site, profile, rng, options, options.startMs);
  const roster =
    options.staff === false
      ? undefined
      : createStaffRoster(site, profile, rng.fork('staff'), options.startMs);
  return {
    generate(fromMs, toMs) {
      const vehicles = traffic.passes(fromMs, toMs, 'decision').map((p) => vehicleScan(site, p));
      const staff = roster ? roster.between(fromMs, toMs).map((s) => staffScan(site, s)) : [];
      return [...vehicles, ...staff].sort((a, b) => a.time - b.time);
    },
  };
}

/** One-shot: the gate scans of [fromMs, toMs) (trucks already inside at fromMs included). */
export function generate(
  site: Site,
  fromMs: number,
  toMs: number,
  rng: Rng,
  options: GateScanOptions = {},
): GateScan[] {
  return createGateScanSimulator(site, rng, { ...options, startMs: options.startMs ?? fromMs }).generate(
    fromMs,
    toMs,
  );
}

export function vehicleScan(site: Site, p: TruckPass): GateScan {
  return {
    measurement: 'gate_scan',
    time: p.decisionMs,
    site: site.id,
    gate: p.gate,
    lane: p.lane,
    direction: p.direction,
    subject: 'vehicle',
    result: p.result,
    rural: p.visit.rural,
    plate: p.visit.plate,
    badge: '',
    processing_ms: p.processingMs,
    // Trucks bring parcels in and leave empty.
    parcels: p.direction === 'in' ? p.visit.parcels : 0,
    plate_type: classifyPlate(p.visit.plate),
  };
}

export function staffScan(site: Site, s: StaffScan): GateScan {
  return {
    measurement: 'gate_scan',
    time: s.timeMs,
    site: site.id,
    gate: STAFF_GATE,
    lane: STAFF_LANE,
    direction: s.direction,
    subject: 'staff',
    result: 'released',
    rural: false,
    plate: '',
    badge: s.badge,
    processing_ms: s.processingMs,
    parcels: 0,
  };
}

// All simulated events of one site: gate scans and weighbridge readings of the same trucks, staff badges, and
// cargo departures when the site has an airport. Demo volumes are those of a busy smart gate (a few trucks a
// minute per site, about 5–8 events/s over the seven demo sites in daytime); `speed` multiplies every rate.
import type { PortEvent } from '../../shared/events/event';
import type { Site } from '../../shared/sites/registry';
import type { WindowGenerator } from '../contract';
import { createFlightDepartureSimulator } from '../flight-departure/simulator';
import { createGateScanSimulator } from '../gate-scan/simulator';
import { createWeighbridgeSimulator } from '../weighbridge/simulator';
import { deriveSeed, Rng } from './random';
import { siteProfile } from './site-profile';
import { TruckTraffic } from './truck-traffic';

/** Daily mean trucks per hour of an average site (volume weight 1) in the demo: a busy hub, 3 a minute. */
export const DEMO_TRUCKS_PER_HOUR = 180;

export interface SiteSimulatorOptions {
  seed: number;
  /** Rate multiplier (default 1). */
  speed?: number;
  /** First instant that will be generated. */
  startMs: number;
}

export function createSiteSimulator(site: Site, options: SiteSimulatorOptions): WindowGenerator {
  const speed = options.speed ?? 1;
  const profile = siteProfile(site);
  const rng = new Rng(deriveSeed(options.seed, site.id));
  const startMs = options.startMs;
  const traffic = new TruckTraffic(site, profile, rng.fork('traffic'), {
    trucksPerHour: DEMO_TRUCKS_PER_HOUR * profile.volumeWeight * speed,
    startMs,
  });
  const parts: WindowGenerator[] = [
    createGateScanSimulator(site, rng.fork('gate-scan'), { traffic, startMs }),
    createWeighbridgeSimulator(site, rng.fork('weighbridge'), { traffic, startMs }),
    createFlightDepartureSimulator(site, rng.fork('flight-departure'), {
      flightsPerDay: Math.round(profile.flightsPerDay * speed),
      startMs,
    }),
  ];
  return {
    generate(fromMs, toMs) {
      return parts.flatMap((p) => p.generate(fromMs, toMs)).sort((a, b) => a.time - b.time);
    },
  };
}

/** Generates every site's window in turn. */
export function generateAll(simulators: WindowGenerator[], fromMs: number, toMs: number): PortEvent[] {
  return simulators.flatMap((s) => s.generate(fromMs, toMs));
}

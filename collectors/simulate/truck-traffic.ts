// The trucks of one site, shared by the gate-scan and weighbridge simulators so that both see the same truck
// with the same plate (see truck-visit.ts for one truck's story). Arrivals are drawn minute by minute
// (Poisson, diurnal rate), so the output for a seed does not depend on how the caller slices time into
// windows. Queries must move forward in time: passes older than the last query are forgotten.
import type { Site } from '../../shared/sites/registry';
import { diurnalMultiplier } from './diurnal';
import { HOUR_MS } from './local-time';
import type { Rng } from './random';
import type { SiteProfile } from './site-profile';
import { MAX_DWELL_MS, MAX_PROCESSING_MS, planVisit, type TruckPass } from './truck-visit';

export type { PassResult, TruckPass, TruckVisit } from './truck-visit';

export interface TruckTrafficOptions {
  /** Daily mean arrival rate; the diurnal profile shapes it over the day. */
  trucksPerHour: number;
  /** First instant that will be queried; trucks already inside at that moment are simulated too. */
  startMs: number;
}

const SLOT_MS = 60_000;
/** Long enough that every truck inside at `startMs` has been generated (dwell + holds). */
const WARMUP_MS = MAX_DWELL_MS + HOUR_MS;

export class TruckTraffic {
  /** Passes by minute of their decision time. */
  private readonly buckets = new Map<number, TruckPass[]>();
  private generatedUntil: number;

  constructor(
    private readonly site: Pick<Site, 'province' | 'timezone'>,
    private readonly profile: SiteProfile,
    private readonly rng: Rng,
    private readonly options: TruckTrafficOptions,
  ) {
    this.generatedUntil = Math.floor((options.startMs - WARMUP_MS) / SLOT_MS) * SLOT_MS;
  }

  /** Passes whose decision (`by: 'decision'`) or weighing (`by: 'weigh'`) time is in [fromMs, toMs), sorted. */
  passes(fromMs: number, toMs: number, by: 'decision' | 'weigh'): TruckPass[] {
    this.generateUntil(toMs);
    const firstSlot = Math.floor(fromMs / SLOT_MS);
    for (const slot of this.buckets.keys()) if (slot < firstSlot - 10) this.buckets.delete(slot);
    // A weighing precedes its decision by at most the processing time.
    const lastSlot = Math.floor((toMs + (by === 'weigh' ? MAX_PROCESSING_MS : 0)) / SLOT_MS);
    const timeOf = (p: TruckPass) => (by === 'decision' ? p.decisionMs : p.weighMs);
    const out: TruckPass[] = [];
    for (let slot = firstSlot; slot <= lastSlot; slot++) {
      for (const p of this.buckets.get(slot) ?? []) {
        const t = timeOf(p);
        if (t !== undefined && t >= fromMs && t < toMs) out.push(p);
      }
    }
    return out.sort((a, b) => timeOf(a)! - timeOf(b)!);
  }

  /** Draws the arrivals of every minute before `toMs` (a pass never precedes its truck's arrival). */
  private generateUntil(toMs: number): void {
    while (this.generatedUntil < toMs) {
      const slotStart = this.generatedUntil;
      const rate =
        this.options.trucksPerHour * diurnalMultiplier('truck', slotStart + SLOT_MS / 2, this.site.timezone);
      const n = this.rng.poisson((rate * SLOT_MS) / HOUR_MS);
      const arrivals = Array.from({ length: n }, () => slotStart + Math.floor(this.rng.next() * SLOT_MS));
      for (const at of arrivals.sort((a, b) => a - b)) {
        for (const pass of planVisit(this.rng, this.site, this.profile, at, this.options.startMs))
          this.store(pass);
      }
      this.generatedUntil = slotStart + SLOT_MS;
    }
  }

  private store(pass: TruckPass): void {
    const slot = Math.floor(pass.decisionMs / SLOT_MS);
    const list = this.buckets.get(slot);
    if (list) list.push(pass);
    else this.buckets.set(slot, [pass]);
  }
}

/** Daily mean trucks per hour of an average site (volumeWeight 1), at the scale of a real smart gate. */
export const REALISTIC_TRUCKS_PER_HOUR = 40;

export interface SharedTrafficOptions {
  /** The site's traffic when gate-scan and weighbridge simulate the same trucks; created if absent. */
  traffic?: TruckTraffic;
  /** Daily mean truck arrivals per hour; default REALISTIC_TRUCKS_PER_HOUR × the site's volume weight. */
  trucksPerHour?: number;
  /** First instant that will be queried (default: the first window's start). */
  startMs?: number;
}

/** The shared traffic from the options, or a new one for this simulator alone. */
export function trafficFor(
  site: Pick<Site, 'id' | 'province' | 'timezone'>,
  profile: SiteProfile,
  rng: Rng,
  options: SharedTrafficOptions,
  startMs: number,
): TruckTraffic {
  if (options.traffic) return options.traffic;
  const trucksPerHour = options.trucksPerHour ?? REALISTIC_TRUCKS_PER_HOUR * profile.volumeWeight;
  return new TruckTraffic(site, profile, rng.fork(`traffic/${site.id}`), { trucksPerHour, startMs });
}

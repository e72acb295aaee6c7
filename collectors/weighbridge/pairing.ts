// Pairs a truck's in and out weighings by plate and derives gross, tare and net. Rules: loaded-in (import:
// the out reading is the tare), empty-in (export: the in reading is the tare), or vehicle-table (the
// registered tare, each reading reported at once). Both readings of a pair are reported with the pair's
// tare; if the designated tare is the heavier one, the lighter is used and the mismatch counted.
import { type Weighbridge, weighbridgeSchema } from '../../shared/events/weighbridge';
import type { Logger } from '../../shared/logger';
import { canonicalPlate, classifyPlate } from '../../shared/plates';

export type PairingRule = 'loaded-in' | 'empty-in' | 'vehicle-table';

export interface Vehicle {
  plate: string;
  axles: number;
  tareKg?: number;
  ratedPayloadKg?: number;
}

/** One settled, identified weighing. */
export interface WeighReading {
  bridge: string;
  direction: 'in' | 'out';
  plate: string;
  kg: number;
  time: number;
  axles?: number;
}

export interface PairingOptions {
  site: string;
  rule: PairingRule;
  /** With the vehicle-table rule: how to treat plates without a registered tare. */
  unknownPlate: 'loaded-in' | 'empty-in' | 'skip';
  vehicles: Map<string, Vehicle>;
  defaults: { axles: number; ratedPayloadKg: number };
  /** An in-reading without an out-reading for this long is given up (or reported with a registered tare). */
  maxDwellMs: number;
}

const kgRound = (kg: number) => Math.round(kg * 1000) / 1000;

/** What the state file keeps across restarts. */
export interface PairingState {
  /** In-readings waiting for their out-reading. */
  pending: WeighReading[];
  /** In-readings reported at once (registered tare) whose truck has not weighed out: the next is its out. */
  reportedIn?: WeighReading[];
}

export class WeighPairing {
  private readonly open = new Map<string, WeighReading>();
  private readonly reportedIn = new Map<string, WeighReading>();
  readonly counters = { paired: 0, unpairedOut: 0, expired: 0, skipped: 0, ruleMismatches: 0, invalid: 0 };

  constructor(
    private readonly options: PairingOptions,
    private readonly log: Logger,
  ) {
    // Plates meet here in their canonical spelling: the vehicle table may write 浙A·12345, the camera 浙A12345.
    this.options = {
      ...options,
      vehicles: new Map([...options.vehicles.values()].map((v) => [canonicalPlate(v.plate), v])),
    };
  }

  /** In-readings waiting for their out-reading (for the state file). */
  pending(): WeighReading[] {
    return [...this.open.values()];
  }

  state(): PairingState {
    return { pending: this.pending(), reportedIn: [...this.reportedIn.values()] };
  }

  restore(state: PairingState): void {
    for (const r of state.pending) this.open.set(r.plate, r);
    for (const r of state.reportedIn ?? []) this.reportedIn.set(r.plate, r);
  }

  /** For a bridge weighing both ways: out when the plate was weighed in (held open or reported at once). */
  nextDirection(plate: string): 'in' | 'out' {
    const key = canonicalPlate(plate);
    return this.open.has(key) || this.reportedIn.has(key) ? 'out' : 'in';
  }

  /** The events this reading completes (none while it waits for its pair). */
  add(reading: WeighReading): Weighbridge[] {
    const r = { ...reading, plate: canonicalPlate(reading.plate) };
    const o = this.options;
    const vehicle = o.vehicles.get(r.plate);
    let rule = o.rule;
    if (rule === 'vehicle-table') {
      if (vehicle?.tareKg !== undefined) {
        if (r.direction === 'in') this.reportedIn.set(r.plate, r);
        else this.reportedIn.delete(r.plate);
        return this.events([r], vehicle.tareKg);
      }
      if (o.unknownPlate === 'skip') {
        this.counters.skipped++;
        this.log('warn', `${r.plate} (${r.kg} kg on ${r.bridge}) has no registered tare: skipped`);
        return [];
      }
      rule = o.unknownPlate;
    }
    if (r.direction === 'in') {
      const earlier = this.open.get(r.plate);
      if (earlier) this.giveUp(earlier, 'weighed in again before weighing out');
      this.open.set(r.plate, r);
      return [];
    }
    const weighedIn = this.open.get(r.plate);
    if (!weighedIn) {
      if (vehicle?.tareKg !== undefined) return this.events([r], vehicle.tareKg);
      this.counters.unpairedOut++;
      this.log('warn', `${r.plate} weighed out (${r.kg} kg on ${r.bridge}) without a weighing in: skipped`);
      return [];
    }
    this.open.delete(r.plate);
    this.counters.paired++;
    const [tare, other] = rule === 'loaded-in' ? [r, weighedIn] : [weighedIn, r];
    if (tare.kg > other.kg) {
      this.counters.ruleMismatches++;
      this.log(
        'warn',
        `${r.plate}: ${rule} expects the ${tare.direction} weighing (${tare.kg} kg) to be the lighter one`,
      );
    }
    return this.events([weighedIn, r], Math.min(tare.kg, other.kg));
  }

  /** Reports or drops in-readings older than maxDwellMs. */
  expire(now: number): Weighbridge[] {
    const out: Weighbridge[] = [];
    for (const r of this.reportedIn.values())
      if (now - r.time >= this.options.maxDwellMs) this.reportedIn.delete(r.plate);
    for (const r of this.open.values()) {
      if (now - r.time < this.options.maxDwellMs) continue;
      this.open.delete(r.plate);
      const tare = this.options.vehicles.get(r.plate)?.tareKg;
      if (tare !== undefined) out.push(...this.events([r], tare));
      else this.giveUp(r, `no weighing out within ${this.options.maxDwellMs / 3_600_000} h`);
    }
    return out;
  }

  private giveUp(r: WeighReading, why: string): void {
    this.counters.expired++;
    this.log(
      'warn',
      `${r.plate} weighed in at ${new Date(r.time).toISOString()} (${r.kg} kg): ${why}; dropped`,
    );
  }

  private events(readings: WeighReading[], tareKg: number): Weighbridge[] {
    const out: Weighbridge[] = [];
    for (const r of readings) {
      const vehicle = this.options.vehicles.get(r.plate);
      if (tareKg > r.kg) {
        this.counters.ruleMismatches++;
        this.log(
          'warn',
          `${r.plate}: ${r.kg} kg on ${r.bridge} is below its tare ${tareKg} kg; tare taken as ${r.kg}`,
        );
      }
      const tare = Math.min(tareKg, r.kg);
      const event = weighbridgeSchema.safeParse({
        measurement: 'weighbridge',
        time: r.time,
        site: this.options.site,
        bridge: r.bridge,
        direction: r.direction,
        plate: r.plate,
        plate_type: classifyPlate(r.plate),
        axles: r.axles ?? vehicle?.axles ?? this.options.defaults.axles,
        gross_kg: r.kg,
        tare_kg: tare,
        net_kg: kgRound(r.kg - tare),
        rated_payload_kg: vehicle?.ratedPayloadKg ?? this.options.defaults.ratedPayloadKg,
        stable: true,
      });
      if (event.success) out.push(event.data);
      else {
        this.counters.invalid++;
        this.log(
          'error',
          `${r.plate} on ${r.bridge}: not a valid weighbridge event: ${event.error.issues[0]?.message}`,
        );
      }
    }
    return out;
  }
}

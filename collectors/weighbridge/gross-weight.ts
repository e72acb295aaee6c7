// Gross vs net, per bridge: a weighbridge event's gross_kg must be the truck's gross weight, but a tared
// indicator displays (and sends) the weight NET of its tare. A net reading becomes gross only with the tare
// that goes with it — carried in the same frame (Toledo continuous output) or asked of the indicator (MT-SICS
// TA) — otherwise it is refused, counted and reported naming the bridge: never recorded as gross.

import type { IndicatorReading } from './indicator-reading';
import type { ScaleSample } from './settle-detector';

export interface GrossOptions {
  /** MT-SICS with `tare: "none"`: the indicator is declared never tared, its (net) weights taken as gross. */
  netIsGross?: boolean;
  /** What to do about a net reading without its tare, for the log (e.g. "clear the tare on the indicator"). */
  netHint?: string;
  /** A stored tare (MT-SICS TA) older than this (ms) is not added to a net weight: it may have changed. */
  maxTareAgeMs?: number;
  now?: () => number;
}

export interface GrossOutput {
  sample(sample: ScaleSample): void;
  /** Something that is no weighing came (overload, a refused net weight): the plateau starts over. */
  interrupt(): void;
}

export type GrossOutcome =
  | { sample: ScaleSample }
  /** No weighing can be taken from this reading: the settle detector starts over. */
  | { interrupt: string; refused: boolean };

export class GrossWeight {
  readonly counters = { netToGross: 0, netRefused: 0, overload: 0, underload: 0 };
  /** The tare the indicator last reported (kg), shown in the stats. */
  indicatorTareKg: number | undefined;
  /** When the indicator last reported its tare (the `now` clock). */
  private tareAt = Number.NEGATIVE_INFINITY;
  /** Why the latest weight reading was refused (for the health problems), until one is accepted. */
  refusing: string | undefined;

  constructor(
    private readonly bridge: string,
    private readonly options: GrossOptions = {},
  ) {}

  take(r: IndicatorReading): GrossOutcome | undefined {
    if (r.kind === 'tare') {
      this.indicatorTareKg = r.kg;
      this.tareAt = (this.options.now ?? Date.now)();
      return undefined;
    }
    if (r.kind === 'out-of-range') {
      this.counters[r.side === 'over' ? 'overload' : 'underload']++;
      return {
        interrupt: `${this.bridge}: indicator ${r.side === 'over' ? 'overload' : 'underload'} ${r.what}: no weighing`,
        refused: false,
      };
    }
    const stable = r.stable === undefined ? {} : { stable: r.stable };
    if (r.basis === 'gross' || r.basis === 'display' || this.options.netIsGross) {
      if (r.tareKg !== undefined) this.indicatorTareKg = r.tareKg;
      this.refusing = undefined;
      return { sample: { kg: r.kg, ...stable } };
    }
    const tare = r.tareKg ?? this.indicatorTareKg;
    if (r.tareKg !== undefined) this.indicatorTareKg = r.tareKg;
    if (tare === undefined) {
      this.counters.netRefused++;
      this.refusing = `${this.bridge} sends net weight without its tare`;
      return {
        interrupt: `${this.bridge}: net weight ${r.kg} kg with the indicator's tare unknown: not recorded as gross${this.options.netHint ? ` (${this.options.netHint})` : ''}`,
        refused: true,
      };
    }
    const maxAge = this.options.maxTareAgeMs;
    const age = (this.options.now ?? Date.now)() - this.tareAt;
    if (r.tareKg === undefined && maxAge !== undefined && age > maxAge) {
      this.counters.netRefused++;
      this.refusing = `${this.bridge}: the indicator's tare is ${Math.round(age / 1000)} s old`;
      return {
        interrupt: `${this.bridge}: net weight ${r.kg} kg with a tare older than ${maxAge} ms (it may have changed): not recorded as gross`,
        refused: true,
      };
    }
    this.refusing = undefined;
    if (tare !== 0) this.counters.netToGross++;
    return { sample: { kg: Math.round((r.kg + tare) * 1000) / 1000, ...stable } };
  }

  /** Passes a decoder's readings on as gross samples or interruptions; refusals and out-of-range readings
   * go to `report` (kind, message) for the rate-limited log. */
  feed(
    readings: IndicatorReading[],
    out: GrossOutput,
    report: (kind: string, message: string) => void,
  ): void {
    for (const r of readings) {
      const outcome = this.take(r);
      if (!outcome) continue;
      if ('sample' in outcome) {
        out.sample(outcome.sample);
        continue;
      }
      out.interrupt();
      report(`${this.bridge} ${outcome.refused ? 'net weights refused' : 'out of range'}`, outcome.interrupt);
    }
  }
}

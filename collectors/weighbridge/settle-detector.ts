// Turns a bridge's stream of weight samples into one settled weighing per truck: a truck is on the bridge
// while the weight is at least minKg; its weight is taken once the samples have stayed within toleranceKg for
// stableMs (and the indicator, when it says so, calls them stable). Then nothing more until the bridge is
// empty again, so a truck standing still for minutes is weighed once.

export interface ScaleSample {
  kg: number;
  /** The indicator's own stable flag (MT-SICS S/D, Toledo motion bit); undefined when the protocol has none
   * (XK3190). */
  stable?: boolean;
}

export interface SettleOptions {
  /** Below this the bridge counts as empty (default 500 kg). */
  minKg: number;
  /** Largest drift within a plateau (default 20 kg: two 10 kg divisions). */
  toleranceKg: number;
  /** How long the weight must hold still (default 1500 ms). */
  stableMs: number;
  /** Fewest samples in a plateau (default 3), so two frames far apart are not a plateau. */
  minSamples: number;
}

export const defaultSettle: SettleOptions = { minKg: 500, toleranceKg: 20, stableMs: 1500, minSamples: 3 };

export class SettleDetector {
  private onBridge = false;
  private weighed = false;
  private plateau: { since: number; kg: number; samples: number } | undefined;
  /** Samples rejected because the indicator flagged them dynamic or the weight was still moving. */
  unstable = 0;

  constructor(private readonly options: SettleOptions = defaultSettle) {}

  /** Whether something of at least minKg is on the bridge. */
  get occupied(): boolean {
    return this.onBridge;
  }

  /** The indicator sent something that is no weight (overload, a net weight it cannot be made gross):
   * the plateau so far does not count. */
  interrupt(): void {
    this.plateau = undefined;
  }

  /** The settled weight when this sample completes a weighing, otherwise undefined. */
  push(sample: ScaleSample, now: number): number | undefined {
    const o = this.options;
    this.onBridge = sample.kg >= o.minKg;
    if (!this.onBridge) {
      this.weighed = false;
      this.plateau = undefined;
      return undefined;
    }
    if (this.weighed) return undefined;
    const p = this.plateau;
    if (sample.stable === false || !p || Math.abs(sample.kg - p.kg) > o.toleranceKg) {
      if (p || sample.stable === false) this.unstable++;
      this.plateau = sample.stable === false ? undefined : { since: now, kg: sample.kg, samples: 1 };
      return undefined;
    }
    p.samples++;
    if (now - p.since < o.stableMs || p.samples < o.minSamples) return undefined;
    this.weighed = true;
    this.plateau = undefined;
    return Math.round(sample.kg * 1000) / 1000; // grams: tonne displays times 1000 are not exact in binary
  }
}

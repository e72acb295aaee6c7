// Processing-time histograms per time bucket, for p50/p95 over a sliding window without keeping samples.
// Bins grow geometrically (5 % wide), so a percentile is within 5 % of the exact value.
const FIRST_EDGE_MS = 100;
const GROWTH = 1.05;
export const BIN_COUNT = 1 + Math.ceil(Math.log(3_600_000 / FIRST_EDGE_MS) / Math.log(GROWTH));

export function binOf(ms: number): number {
  if (ms < FIRST_EDGE_MS) return 0;
  return Math.min(BIN_COUNT - 1, 1 + Math.floor(Math.log(ms / FIRST_EDGE_MS) / Math.log(GROWTH)));
}

/** Representative value of a bin: its geometric midpoint (bin 0: half the first edge). */
export function binValue(bin: number): number {
  if (bin === 0) return FIRST_EDGE_MS / 2;
  return FIRST_EDGE_MS * GROWTH ** (bin - 0.5);
}

/** exportState() hands out the arrays themselves, copy-on-write (see TimeRing). */
export class WindowedHistogram {
  private keys: Float64Array;
  private counts: Uint32Array;
  /** The arrays are held by an exportState() copy: copy them before writing. */
  private shared = false;

  constructor(
    readonly widthMs: number,
    readonly slots: number,
  ) {
    this.keys = new Float64Array(slots).fill(-1);
    this.counts = new Uint32Array(slots * BIN_COUNT);
  }

  add(timeMs: number, valueMs: number): void {
    const key = Math.floor(timeMs / this.widthMs);
    const slot = ((key % this.slots) + this.slots) % this.slots;
    if (this.keys[slot]! > key) return;
    if (this.shared) this.writable();
    if (this.keys[slot] !== key) {
      this.keys[slot] = key;
      this.counts.fill(0, slot * BIN_COUNT, (slot + 1) * BIN_COUNT);
    }
    this.counts[slot * BIN_COUNT + binOf(valueMs)]!++;
  }

  /** Percentiles (0..1) over the window ending at nowMs; null when the window is empty. */
  percentiles(nowMs: number, windowMs: number, qs: number[]): (number | null)[] {
    const merged = new Uint32Array(BIN_COUNT);
    const last = Math.floor(nowMs / this.widthMs);
    const n = Math.min(this.slots, Math.ceil(windowMs / this.widthMs));
    let total = 0;
    for (let key = last - n + 1; key <= last; key++) {
      const slot = ((key % this.slots) + this.slots) % this.slots;
      if (this.keys[slot] !== key) continue;
      for (let b = 0; b < BIN_COUNT; b++) {
        const c = this.counts[slot * BIN_COUNT + b]!;
        merged[b]! += c;
        total += c;
      }
    }
    if (total === 0) return qs.map(() => null);
    return qs.map((q) => {
      const rank = Math.max(1, Math.ceil(q * total));
      let seen = 0;
      for (let b = 0; b < BIN_COUNT; b++) {
        seen += merged[b]!;
        if (seen >= rank) return binValue(b);
      }
      return binValue(BIN_COUNT - 1);
    });
  }

  private writable(): void {
    this.keys = this.keys.slice();
    this.counts = this.counts.slice();
    this.shared = false;
  }

  /** The buckets as they are now (live-state checkpoint); they never change afterwards (copy-on-write). */
  exportState(): { keys: Float64Array; counts: Uint32Array } {
    this.shared = true;
    return { keys: this.keys, counts: this.counts };
  }

  importState(s: { keys: Float64Array; counts: Uint32Array }): void {
    if (s.keys.length !== this.keys.length || s.counts.length !== this.counts.length)
      throw new Error('histogram of another shape');
    if (this.shared) this.writable();
    this.keys.set(s.keys);
    this.counts.set(s.counts);
  }
}

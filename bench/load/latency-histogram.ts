// A fixed-resolution latency histogram (0.1 ms buckets up to 60 s) that worker processes fill and send to
// the parent as sparse [bucket, count] pairs, so percentiles are exact to the bucket over all samples.

const RESOLUTION_MS = 0.1;
const BUCKETS = 600_000;

export type SparseHistogram = [number, number][];

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  count = 0;
  /** Samples below zero (clock quantisation: event times are whole milliseconds). */
  negative = 0;

  record(ms: number): void {
    if (ms < 0) {
      this.negative++;
      ms = 0;
    }
    this.counts[Math.min(BUCKETS, Math.floor(ms / RESOLUTION_MS))]!++;
    this.count++;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.negative = 0;
  }

  toSparse(): SparseHistogram {
    const out: SparseHistogram = [];
    this.counts.forEach((c, i) => {
      if (c > 0) out.push([i, c]);
    });
    return out;
  }

  add(sparse: SparseHistogram): void {
    for (const [i, c] of sparse) {
      this.counts[i]! += c;
      this.count += c;
    }
  }

  /** The latency at quantile q (0..1), in ms (upper edge of its bucket); NaN when empty. */
  percentile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return (i + 1) * RESOLUTION_MS;
    }
    return Number.NaN;
  }

  summary(): { samples: number; p50: number; p95: number; p99: number; max: number } {
    let max = Number.NaN;
    for (let i = BUCKETS; i >= 0; i--)
      if (this.counts[i]! > 0) {
        max = (i + 1) * RESOLUTION_MS;
        break;
      }
    return {
      samples: this.count,
      p50: this.percentile(0.5),
      p95: this.percentile(0.95),
      p99: this.percentile(0.99),
      max,
    };
  }
}

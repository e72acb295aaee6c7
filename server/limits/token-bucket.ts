// Token buckets keyed by caller: each key may spend `burst` requests at once and regains `ratePerSecond`
// per second. A full bucket is the same as no bucket, so idle keys are forgotten and memory stays bounded.
// In cluster mode the requests other nodes admitted are spent from the same buckets (spend), which may then
// go below zero: the debt is paid back at the rate before the key is admitted again.

export interface TakeResult {
  ok: boolean;
  /** Whole seconds until one request is allowed again (for Retry-After); 0 when ok. */
  retryAfterSeconds: number;
}

const PRUNE_ABOVE = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(key: string): TakeResult {
    const b = this.refilled(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, retryAfterSeconds: 0 };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.ratePerSecond)) };
  }

  /** Spends `n` requests admitted elsewhere (another node) from the key's bucket, below zero if need be. */
  spend(key: string, n: number): void {
    this.refilled(key).tokens -= n;
  }

  private refilled(key: string): { tokens: number; at: number } {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerSecond);
    b.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      this.buckets.set(key, b);
    }
    return b;
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(key);
  }
}

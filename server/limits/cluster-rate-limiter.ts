// The per-token rate limit across a cluster, without a round trip on the request's path: each node takes
// requests from its own token buckets, remembers what it admitted per key, and sends those counts to the
// other nodes every PORTPULSE_RATE_LIMIT_SYNC_MS (through the brokers: server/cluster/rate-counts.ts); what
// the others admitted is spent from its buckets as it arrives. So every bucket converges on the cluster-wide
// consumption and the limit (rate, burst) holds for the cluster, not per node. The slack is bounded: a node
// admits at most PORTPULSE_RATE_LIMIT_CLUSTER_SLACK requests of one key that the brokers have not stored for
// the others yet (then 429 until its counts are out), so a token gets at most (nodes - 1) x slack more than one bucket
// allows. When the counts cannot be sent (no broker answers within FALLBACK_AFTER_MS), the node falls back to
// its local limit alone (logged, and a metric) until a send succeeds again: a broker outage never refuses
// requests that the local limit would admit.
import type { Logger } from '../logger';
import type { RateLimiter } from './rate-limit';
import { type TakeResult, TokenBuckets } from './token-bucket';

/** How the counts travel between the nodes. */
export interface RateCountExchange {
  /** Sends what this node admitted per key since the last send; resolves once the brokers stored it. */
  send(counts: ReadonlyMap<string, number>): Promise<void>;
  /** Calls `spend` with each count another node sent, as it arrives. */
  receive(spend: (key: string, n: number) => void): void;
  close(): Promise<void>;
}

export interface ClusterRateLimitOptions {
  ratePerSecond: number;
  burst: number;
  syncMs: number;
  slack: number;
  exchange: RateCountExchange;
  logger: Logger;
  now?: () => number;
}

/** A send unanswered this long (or failed) puts the node on its local limit. */
export const fallbackAfterMs = (syncMs: number) => Math.max(1000, 5 * syncMs);

export class ClusterRateLimiter implements RateLimiter {
  private readonly buckets: TokenBuckets;
  private unsent = new Map<string, number>();
  /** The counts of the send under way (still unknown to the others until the brokers stored them). */
  private inFlight = new Map<string, number>();
  private sendingSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  /** True while the counts cannot be sent: the local limit alone applies. */
  fallback = false;
  /** Times this node fell back to its local limit. */
  fallbacks = 0;

  constructor(private readonly opts: ClusterRateLimitOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.buckets = new TokenBuckets(opts.ratePerSecond, opts.burst, this.now);
    opts.exchange.receive((key, n) => this.buckets.spend(key, n));
  }

  start(): void {
    this.timer = setInterval(() => this.sync(), this.opts.syncMs);
    this.timer.unref();
  }

  take(key: string): TakeResult & { message?: string } {
    const unsent = this.unsent.get(key) ?? 0;
    const pending = unsent + (this.inFlight.get(key) ?? 0);
    if (!this.fallback && pending >= this.opts.slack)
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil(this.opts.syncMs / 1000)),
        message: `${pending} requests of this token on this node are not yet counted across the cluster (PORTPULSE_RATE_LIMIT_CLUSTER_SLACK=${this.opts.slack})`,
      };
    const r = this.buckets.take(key);
    if (r.ok && !this.fallback) this.unsent.set(key, unsent + 1);
    return r;
  }

  /** One sync tick: sends the counts admitted since the last one, or notices that the last send hangs. */
  sync(): void {
    if (this.sendingSince !== undefined) {
      if (!this.fallback && this.now() - this.sendingSince > fallbackAfterMs(this.opts.syncMs))
        this.fallBack('no broker stored the counts in time');
      return;
    }
    // While falling back an empty send probes the brokers.
    if (this.unsent.size === 0 && !this.fallback) return;
    const counts = this.unsent;
    this.unsent = new Map();
    this.inFlight = counts;
    this.sendingSince = this.now();
    this.opts.exchange.send(counts).then(
      () => {
        this.sendingSince = undefined;
        this.inFlight = new Map();
        if (this.fallback) {
          this.fallback = false;
          this.opts.logger('info', 'rate limit: counting across the cluster again');
        }
      },
      (e: unknown) => {
        this.sendingSince = undefined;
        this.inFlight = new Map();
        this.fallBack(String((e as Error).message ?? e));
      },
    );
  }

  private fallBack(why: string): void {
    // Counts admitted meanwhile are never sent: the others would spend them late, as a burst.
    this.unsent = new Map();
    this.inFlight = new Map();
    if (this.fallback) return;
    this.fallback = true;
    this.fallbacks++;
    this.opts.logger(
      'warn',
      'rate limit: counts cannot reach the cluster; this node enforces its local limit',
      {
        error: why,
      },
    );
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.opts.exchange.close();
  }
}

// Exponential backoff with jitter, the one retry schedule of portpulse: collectors retrying writes and
// reconnecting to devices, the server retrying InfluxDB and notifications, the browser reconnecting its live
// socket. Part of each delay is fixed and part random ("equal jitter" by default: half and half), so delays
// keep growing while clients that failed together spread out.

export interface BackoffOptions {
  /** Ceiling of the first delay, ms. */
  minMs: number;
  /** Ceilings double up to this, ms. */
  maxMs: number;
  /** The random share of each delay, 0–1 (default 0.5). */
  jitter?: number;
  random?: () => number;
}

/** Delay before retry number `attempt` (0 = first): up to min(maxMs, minMs · 2^attempt), its jitter share random. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxMs, options.minMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jitter = options.jitter ?? 0.5;
  return Math.round(ceiling * (1 - jitter) + (options.random ?? Math.random)() * ceiling * jitter);
}

/** The schedule with its count of failures since the last success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** Failures since the last reset. */
  get failures(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; each call doubles the following one's ceiling. */
  next(): number {
    return backoffDelay(this.attempt++, this.options);
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

// Exponential backoff with jitter, the one retry schedule of portpulse: collectors retrying writes and
// reconnecting to devices, the server retrying InfluxDB and notifications, the browser reconnecting its live
// socket. Each delay is a ceiling that doubles per failure times a random factor, so delays keep growing while
// clients that failed together spread out.

export interface BackoffOptions {
  /** Ceiling of the first delay, ms. */
  minMs: number;
  /** Ceilings double up to this, ms; no delay is longer. */
  maxMs: number;
  /**
   * The random factor applied to the ceiling, from `low` to `high` (default [1, 1.2]: up to a fifth added).
   * [0.5, 1] is "equal jitter": half of each delay fixed, half random.
   */
  factor?: readonly [low: number, high: number];
  random?: () => number;
}

/** Delay before retry number `attempt` (0 = first): min(maxMs, minMs · 2^attempt) times the random factor. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxMs, options.minMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const [low, high] = options.factor ?? [1, 1.2];
  const factor = low + (high - low) * (options.random ?? Math.random)();
  return Math.round(Math.min(options.maxMs, ceiling * factor));
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

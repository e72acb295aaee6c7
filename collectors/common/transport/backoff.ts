// Exponential backoff with jitter, for retrying writes to the server and reconnecting to devices.

export interface BackoffOptions {
  /** First delay, ms. */
  minMs: number;
  /** Delays double up to this, ms. */
  maxMs: number;
  /** Random share added to each delay (0–1, default 0.2), so many collectors do not retry in step. */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** Failures since the last reset. */
  get failures(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; each call doubles the following one. */
  next(): number {
    const { minMs, maxMs } = this.options;
    const base = Math.min(maxMs, minMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const jitter = (this.options.jitter ?? 0.2) * (this.options.random ?? Math.random)();
    return Math.round(Math.min(maxMs, base * (1 + jitter)));
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

// Graceful shutdown of the HTTP side: once draining, new requests get 503 + Retry-After and
// `Connection: close`; requests already in flight (a write waiting for its fsync) are counted so shutdown
// can wait for them before the log is closed. Every 204 sent is therefore durable.
import type { MiddlewareHandler } from 'hono';
import { PortpulseError } from '../../shared/errors';

export class Drain {
  private draining = false;
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  get active(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (this.draining) {
        c.header('Retry-After', '5');
        c.header('Connection', 'close');
        throw new PortpulseError('unavailable', 'server is shutting down; retry shortly');
      }
      this.inFlight++;
      try {
        await next();
      } finally {
        this.inFlight--;
        if (this.inFlight === 0) for (const w of this.waiters.splice(0)) w();
      }
    };
  }

  /** Stops taking requests; resolves true when those in flight are done, false after `timeoutMs`. */
  start(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

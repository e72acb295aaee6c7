// Requests per second per token (per client IP for callers without a valid token): a token bucket in front
// of every guarded endpoint; over the limit the answer is 429 with Retry-After, as InfluxDB Cloud does. In
// cluster mode the buckets count what every node admitted (cluster-rate-limiter.ts).
import type { MiddlewareHandler } from 'hono';
import { PortpulseError } from '../../shared/errors';
import { accessFor } from '../auth/access-policy';
import { clientIp } from './client-ip';
import { type TakeResult, TokenBuckets } from './token-bucket';

/** Takes one request of a key; a refusal may say why in its own words (else: over the rate). */
export interface RateLimiter {
  take(key: string): TakeResult & { message?: string };
}

export interface RateLimitOptions {
  ratePerSecond: number;
  burst: number;
  onLimited?: () => void;
  /** The buckets (default: this process's own). */
  limiter?: RateLimiter;
}

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  const buckets: RateLimiter = opts.limiter ?? new TokenBuckets(opts.ratePerSecond, opts.burst);
  const scope = opts.limiter ? ' across the cluster' : '';
  return async (c, next) => {
    if (opts.ratePerSecond > 0 && accessFor(c.req.method, c.req.path) !== 'open') {
      const key = c.get('principal')?.id ?? `ip:${clientIp(c)}`;
      const r = buckets.take(key);
      if (!r.ok) {
        opts.onLimited?.();
        c.header('Retry-After', String(r.retryAfterSeconds));
        throw new PortpulseError(
          'rate_limited',
          r.message
            ? `${r.message}; retry after ${r.retryAfterSeconds} s`
            : `more than ${opts.ratePerSecond} requests per second (burst ${opts.burst}) for this token${scope}; retry after ${r.retryAfterSeconds} s (PORTPULSE_RATE_LIMIT_RPS)`,
        );
      }
    }
    await next();
  };
}

// Requests per second per token (per client IP for callers without a valid token): a token bucket in front
// of every guarded endpoint; over the limit the answer is 429 with Retry-After, as InfluxDB Cloud does.
import type { MiddlewareHandler } from 'hono';
import { PortpulseError } from '../../shared/errors';
import { accessFor } from '../auth/access-policy';
import { clientIp } from './client-ip';
import { TokenBuckets } from './token-bucket';

export interface RateLimitOptions {
  ratePerSecond: number;
  burst: number;
  onLimited?: () => void;
}

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  const buckets = new TokenBuckets(opts.ratePerSecond, opts.burst);
  return async (c, next) => {
    if (opts.ratePerSecond > 0 && accessFor(c.req.method, c.req.path) !== 'open') {
      const key = c.get('principal')?.id ?? `ip:${clientIp(c)}`;
      const r = buckets.take(key);
      if (!r.ok) {
        opts.onLimited?.();
        c.header('Retry-After', String(r.retryAfterSeconds));
        throw new PortpulseError(
          'rate_limited',
          `more than ${opts.ratePerSecond} requests per second (burst ${opts.burst}) for this token; retry after ${r.retryAfterSeconds} s (PORTPULSE_RATE_LIMIT_RPS)`,
        );
      }
    }
    await next();
  };
}

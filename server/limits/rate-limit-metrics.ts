// The cluster-wide rate limit's health in /metrics: whether this node is on its local limit alone (the counts
// cannot reach the other nodes) and how often it fell back.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ClusterRateLimiter } from './cluster-rate-limiter';

export function observeClusterRateLimit(registry: Registry, limiter: ClusterRateLimiter): void {
  new Gauge({
    name: 'portpulse_rate_limit_local_fallback',
    help: '1 while this node enforces the per-token rate limit alone (its counts cannot reach the cluster)',
    registers: [registry],
    collect() {
      this.set(limiter.fallback ? 1 : 0);
    },
  });
  new Counter({
    name: 'portpulse_rate_limit_local_fallbacks_total',
    help: 'Times this node fell back to its local per-token rate limit',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(limiter.fallbacks);
    },
  });
}

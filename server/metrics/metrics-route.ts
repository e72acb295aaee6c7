// GET /metrics: the Prometheus text exposition of this server's registry (a read token when read tokens exist).
import { Hono } from 'hono';
import type { ServerMetrics } from './server-metrics';

export function metricsRoutes(metrics: ServerMetrics): Hono {
  return new Hono().get('/metrics', async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
  );
}

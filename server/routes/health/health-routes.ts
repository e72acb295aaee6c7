// Liveness (/health), readiness (/ready) and InfluxDB's /ping, which clients and Telegraf probe.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps';

export const healthResponseSchema = z.object({ status: z.literal('pass'), version: z.string() });
export const readinessResponseSchema = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string() })),
  influx: z.unknown().optional().describe('the InfluxDB shipper status, when InfluxDB is configured'),
  cluster: z
    .unknown()
    .optional()
    .describe('cluster mode: the node id, stream and applied seq, lag, and which node ships to InfluxDB'),
});

export function healthRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const ping = (c: Context) => {
    c.header('X-Influxdb-Version', `portpulse-${deps.version}`);
    c.header('X-Influxdb-Build', 'OSS');
    return c.body(null, 204);
  };
  app.get('/ping', ping);
  app.on('HEAD', '/ping', ping);
  app.get('/health', (c) =>
    c.json({ status: 'pass', version: deps.version } satisfies z.input<typeof healthResponseSchema>),
  );
  app.get('/ready', (c) => {
    const ready = deps.readiness() satisfies z.input<typeof readinessResponseSchema>;
    return c.json(ready, ready.ready ? 200 : 503);
  });
  return app;
}

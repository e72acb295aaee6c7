// Liveness (/health), readiness (/ready) and InfluxDB's /ping, which clients and Telegraf probe.
import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps';

export function healthRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const ping = (c: import('hono').Context) => {
    c.header('X-Influxdb-Version', `portpulse-${deps.version}`);
    c.header('X-Influxdb-Build', 'OSS');
    return c.body(null, 204);
  };
  app.get('/ping', ping);
  app.on('HEAD', '/ping', ping);
  app.get('/health', (c) => c.json({ status: 'pass', version: deps.version }));
  app.get('/ready', (c) => {
    const ready = deps.readiness();
    return c.json(ready, ready.ready ? 200 : 503);
  });
  return app;
}

// Times every request into the latency histogram (labelled by the route pattern, so label values stay few)
// and writes one access-log line: debug for success, info for client errors, warn for 5xx, refused
// credentials and limits.
// Only the path is logged, never the query string (it may hold `p=` or a live ticket).
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../logger';
import type { ServerMetrics } from './server-metrics';

const middlewarePaths = new Set(['*', '/*']);

function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  return matchedRoutes(c).find((r) => !middlewarePaths.has(r.path))?.path ?? '/*';
}

export function httpMetrics(metrics: ServerMetrics, log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const t0 = performance.now();
    await next();
    const seconds = (performance.now() - t0) / 1000;
    const status = c.res.status;
    const route = routeOf(c);
    metrics.httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
    // Client errors at info, so the requestId a client reports from an error body can be found in the log.
    const level =
      status >= 500 || status === 401 || status === 403 || status === 429
        ? 'warn'
        : status >= 400
          ? 'info'
          : 'debug';
    log(level, 'http request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      ms: Math.round(seconds * 1000),
      ...(c.get('principal') ? { principal: c.get('principal')!.id } : {}),
    });
  };
}

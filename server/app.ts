// Builds the hono app: API routes, the live WebSocket, the built client, and the one error handler that
// renders every failure as { code, message, requestId, ... }.
import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { type ErrorBody, PortpulseError } from '../shared/errors';
import type { AppDeps } from './app-deps';
import { identify, requireAccess } from './auth/auth-middleware';
import { streamSeqHeader } from './cluster/stream-seq-header';
import { settingNames } from './config';
import { BodyTooLargeError } from './ingest/read-body';
import { rateLimit } from './limits/rate-limit';
import { httpMetrics } from './metrics/http-metrics';
import { metricsRoutes } from './metrics/metrics-route';
import { openApiRoutes } from './openapi/openapi-routes';
import { alertHistoryRoutes } from './routes/alerts/get-alert-history';
import { alertRoutes } from './routes/alerts/get-alerts';
import { ackRoutes } from './routes/alerts/post-ack';
import { silenceRoutes } from './routes/alerts/silence-routes';
import { docRoutes } from './routes/docs/get-methodology';
import { eventRoutes } from './routes/events/post-events';
import { healthRoutes } from './routes/health/health-routes';
import { indexRoutes } from './routes/indices/index-routes';
import { kpiRoutes } from './routes/kpis/current-kpis';
import { liveRoutes } from './routes/live/live-routes';
import { siteRoutes } from './routes/sites/list-sites';
import { writeRoutes } from './routes/write/write-routes';
import { securityHeaders } from './security/security-headers';
import { LogClosedError, LogFullError, StoreError, StreamWriteError } from './store/store-errors';

/**
 * The errors of the store and of body reading, as the API reports them: the store's are all worth a retry
 * (503 + Retry-After), a body over the limit ends the connection (the rest of it was never read).
 */
function fromDomainError(
  err: unknown,
): { error: PortpulseError; headers: Record<string, string> } | undefined {
  if (err instanceof LogFullError)
    return {
      error: new PortpulseError('unavailable', `${err.message}; retry later (${settingNames.logMaxBytes})`),
      headers: { 'Retry-After': '30' },
    };
  if (err instanceof StreamWriteError)
    return { error: new PortpulseError('unavailable', err.message), headers: { 'Retry-After': '2' } };
  if (err instanceof LogClosedError)
    return { error: new PortpulseError('unavailable', err.message), headers: { 'Retry-After': '5' } };
  if (err instanceof StoreError)
    return { error: new PortpulseError('unavailable', err.message), headers: { 'Retry-After': '30' } };
  if (err instanceof BodyTooLargeError)
    return {
      error: new PortpulseError(
        'too_large',
        `${err.message} (${settingNames.maxBodyBytes}); split the batch`,
      ),
      headers: { Connection: 'close' },
    };
  return undefined;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestId());
  // Headers, metrics + access log, shutdown drain, auth, rate limit: in this order, so even refusals get them.
  app.use(
    securityHeaders({
      frameAncestors: deps.config.frameAncestors,
      ...(deps.cluster ? { connectSources: deps.cluster.peerUrls } : {}),
    }),
  );
  if (deps.cluster) app.use(streamSeqHeader(deps.cluster));
  app.use(httpMetrics(deps.metrics, deps.log));
  app.use(deps.drain.middleware());
  app.use(identify(deps.auth));
  app.use(
    rateLimit({
      ratePerSecond: deps.config.rateLimitRps,
      burst: deps.config.rateLimitBurst,
      ...(deps.rateLimiter ? { limiter: deps.rateLimiter } : {}),
    }),
  );
  app.use(requireAccess(deps.auth));

  const errorResponse = (err: PortpulseError, c: Context) => {
    const body: ErrorBody = {
      code: err.code,
      message: err.message,
      requestId: c.get('requestId'),
      ...err.details,
    };
    return c.json(body, err.status as 400);
  };
  app.onError((err, c) => {
    const requestId = c.get('requestId');
    if (err instanceof PortpulseError) return errorResponse(err, c);
    const mapped = fromDomainError(err);
    if (mapped) {
      for (const [k, v] of Object.entries(mapped.headers)) c.header(k, v);
      return errorResponse(mapped.error, c);
    }
    deps.log('error', 'unhandled error', { requestId, error: String((err as Error).stack ?? err) });
    return c.json(
      { code: 'internal', message: 'internal error; see the server log', requestId } satisfies ErrorBody,
      500,
    );
  });

  app.route('/', writeRoutes(deps));
  app.route('/', eventRoutes(deps));
  app.route('/', siteRoutes(deps));
  app.route('/', kpiRoutes(deps));
  app.route('/', alertRoutes(deps));
  app.route('/', alertHistoryRoutes(deps));
  app.route('/', ackRoutes(deps));
  app.route('/', silenceRoutes(deps));
  app.route('/', healthRoutes(deps));
  app.route('/', indexRoutes(deps));
  app.route('/', docRoutes());

  app.route('/', liveRoutes(deps));
  app.route('/', metricsRoutes(deps.metrics));
  app.route('/', openApiRoutes(deps.version));

  // Every unmatched request (API or not, e.g. a POST to a page) gets the one error format.
  app.notFound((c) =>
    errorResponse(new PortpulseError('not_found', `no such endpoint: ${c.req.method} ${c.req.path}`), c),
  );
  app.all('/api/*', (c) => c.notFound());

  if (existsSync(deps.config.staticDir)) {
    app.use('/*', serveStatic({ root: deps.config.staticDir }));
    app.get('/*', serveStatic({ root: deps.config.staticDir, path: 'index.html' }));
  } else {
    app.get('/', (c) =>
      c.text(`The dashboard is not built (${deps.config.staticDir} is missing): run "npm run build".`, 503),
    );
  }
  return app;
}

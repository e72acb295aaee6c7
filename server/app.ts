// Builds the hono app: API routes, the live WebSocket, the built client, and the one error handler that
// renders every failure as { code, message, requestId, ... }.
import { existsSync } from 'node:fs';
import { upgradeWebSocket } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { WebSocket } from 'ws';
import { type ErrorBody, PortpulseError } from '../shared/errors';
import type { AppDeps } from './app-deps';
import type { LiveClient } from './live/live-client';
import { docRoutes } from './routes/docs/get-methodology';
import { eventRoutes } from './routes/events/post-events';
import { healthRoutes } from './routes/health/health-routes';
import { indexRoutes } from './routes/indices/index-routes';
import { kpiRoutes } from './routes/kpis/current-kpis';
import { siteRoutes } from './routes/sites/list-sites';
import { writeRoutes } from './routes/write/write-routes';

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(requestId());

  app.onError((err, c) => {
    const requestId = c.get('requestId');
    if (err instanceof PortpulseError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      const body: ErrorBody = { code: err.code, message: err.message, requestId, ...err.details };
      return c.json(body, err.status as 400);
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
  app.route('/', healthRoutes(deps));
  app.route('/', indexRoutes(deps));
  app.route('/', docRoutes());

  app.get(
    '/api/live',
    upgradeWebSocket(() => {
      let client: LiveClient | undefined;
      return {
        onOpen(_evt, ws) {
          const raw = ws.raw as unknown as WebSocket;
          client = deps.hub.connect({
            send: (data) => raw.send(data),
            bufferedAmount: () => raw.bufferedAmount,
            close: (code, reason) => raw.close(code, reason),
          });
        },
        onMessage(evt) {
          if (client) deps.hub.message(client, typeof evt.data === 'string' ? evt.data : String(evt.data));
        },
        onClose() {
          if (client) deps.hub.disconnect(client);
        },
      };
    }),
  );

  app.all('/api/*', (c) => {
    throw new PortpulseError('not_found', `no such endpoint: ${c.req.method} ${c.req.path}`);
  });

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

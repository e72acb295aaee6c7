// Closes the HTTP side gracefully: refuse new requests (503, Connection: close), stop accepting connections,
// close live sockets with a reason, let requests in flight finish (up to the grace period), then cut the rest.
import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';
import type { LiveHub } from '../live/hub';
import type { Logger } from '../logger';
import type { Drain } from './drain';

export interface CloseHttpOptions {
  drain: Drain;
  hub: Pick<LiveHub, 'closeAll'>;
  wss: WebSocketServer;
  graceMs: number;
  logger: Logger;
}

export async function closeHttp(server: Server, opts: CloseHttpOptions): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  opts.hub.closeAll('server shutting down');
  const inFlight = opts.drain.requestsInFlight;
  const finished = await opts.drain.start(opts.graceMs);
  if (!finished)
    opts.logger('warn', 'shutdown: requests still running after the grace period are cut', {
      graceMs: opts.graceMs,
      requests: opts.drain.requestsInFlight,
    });
  else if (inFlight > 0) opts.logger('info', 'shutdown: requests in flight finished', { requests: inFlight });
  server.closeIdleConnections();
  // Keep-alive connections get 503 + Connection: close on their next request; give them a moment.
  const idle = await Promise.race([closed.then(() => true), new Promise((r) => setTimeout(r, 250, false))]);
  if (!idle) {
    server.closeAllConnections();
    // Live clients that did not answer the close frame in time (upgraded sockets are not HTTP connections).
    for (const ws of opts.wss.clients) ws.terminate();
  }
  await closed;
}

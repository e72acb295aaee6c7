// The live WebSocket (GET /api/live) and its one-time tickets (POST /api/live/ticket): browsers cannot set
// headers on a WebSocket, so they trade their read token for a ticket and connect with `?ticket=`.
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import { PortpulseError } from '../../../shared/errors';
import { closeCodes } from '../../../shared/live/protocol';
import type { ticketResponseSchema } from '../../../shared/live/ticket';
import type { AppDeps } from '../../app-deps';
import { clientIp } from '../../limits/client-ip';
import { ConnectionsPerIp } from '../../limits/connections-per-ip';
import { BroadcastWebSocket } from '../../live/broadcast-websocket';
import { leanUpgrade } from '../../live/lean-upgrade';
import type { LiveClient } from '../../live/live-client';

const anonymous = { id: 'anonymous', scopes: new Set(['read' as const]) };
/**
 * A slow consumer does not read, so it never gets the close frame queued behind its backlog: without a
 * deadline ws would hold the socket and its queued bytes for its own 30 s close timeout.
 */
const SLOW_CLOSE_GRACE_MS = 1000;

/** A text frame as its string, a binary frame as its bytes (hono's adapter hands them over as an ArrayBuffer). */
function messageData(data: unknown): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return String(data);
}

export function liveRoutes(deps: AppDeps): Hono {
  const perIp = new ConnectionsPerIp(deps.config.wsMaxPerIp);
  const refusal = `too many live connections from this address (PORTPULSE_WS_MAX_PER_IP=${perIp.max})`;
  const app = new Hono();

  app.post('/api/live/ticket', async (c) => {
    c.header('Cache-Control', 'no-store');
    const ticket = await deps.auth.tickets.issue(c.get('principal') ?? anonymous);
    return c.json(ticket satisfies z.input<typeof ticketResponseSchema>);
  });

  app.get(
    '/api/live',
    async (c, next) => {
      if (perIp.full(clientIp(c))) {
        deps.metrics.wsRefused.inc({ reason: 'per_ip' });
        c.header('Retry-After', '10');
        throw new PortpulseError('rate_limited', refusal);
      }
      await next();
    },
    (c, next) => {
      // Not an upgrade: nothing here (a 404, as before).
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') return next();
      const ip = clientIp(c);
      let client: LiveClient | undefined;
      let counted = false;
      return leanUpgrade(c, {
        onOpen(_evt, ws) {
          const raw = ws.raw as WebSocket;
          counted = perIp.add(ip);
          if (!counted) {
            deps.metrics.wsRefused.inc({ reason: 'per_ip' });
            raw.close(closeCodes.tooManyFromIp, refusal);
            return;
          }
          client = deps.hub.connect({
            ...(raw instanceof BroadcastWebSocket
              ? { cork: () => raw.cork(), uncork: () => raw.uncork() }
              : {}),
            send: (data) => raw.send(data),
            bufferedAmount: () => raw.bufferedAmount,
            close: (code, reason) => {
              raw.close(code, reason);
              if (code === closeCodes.slowConsumer)
                setTimeout(() => raw.terminate(), SLOW_CLOSE_GRACE_MS).unref();
            },
          });
        },
        onMessage(evt) {
          if (client) deps.hub.message(client, messageData(evt.data));
        },
        onClose() {
          if (client) deps.hub.disconnect(client);
          if (counted) perIp.remove(ip);
          counted = false;
        },
      });
    },
  );
  return app;
}

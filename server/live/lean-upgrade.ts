// The live WebSocket's upgrade through @hono/node-server's upgradeWebSocket, without it keeping the request
// alive. Its handler keeps the hono context it is given — and through it the Fetch Request, its headers, the
// URL and the Node IncomingMessage — in the closures of the open connection, for the connection's life:
// ≈ 6 KB of heap per live client (the fan-out bench's server memory per client). It is given a context of
// only what it reads (the Upgrade header, the URL, the server's env entries); the entries it sets on that
// env (the connection's symbol, which the server checks after the route) are copied back to the real env,
// and the Node request is dropped from the copy once the handler has taken it (it reads it synchronously).
import { upgradeWebSocket } from '@hono/node-server';
import type { Context } from 'hono';
import type { WSEvents } from 'hono/ws';

type Env = Record<PropertyKey, unknown>;

export function leanUpgrade(c: Context, events: WSEvents<unknown>): Promise<Response> {
  const env = c.env as Env;
  const slimEnv: Env = { incoming: env.incoming };
  for (const key of Object.getOwnPropertySymbols(env)) slimEnv[key] = env[key];
  const upgrade = c.req.header('upgrade');
  const slim = {
    env: slimEnv,
    req: {
      url: c.req.url,
      header: (name: string) => (name.toLowerCase() === 'upgrade' ? upgrade : undefined),
    },
  };
  const response = upgradeWebSocket(slim as unknown as Context, events as WSEvents);
  for (const key of Object.getOwnPropertySymbols(slimEnv)) env[key] = slimEnv[key];
  slimEnv.incoming = undefined;
  return response;
}

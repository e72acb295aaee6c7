// Authentication as two hono middlewares: `identify` finds who is calling (token, Basic/`p` on /write, or a
// live ticket) without enforcing anything, so the rate limit can key on it; `requireAccess` then enforces the
// access policy: 401 without valid credentials, 403 with a token lacking the scope. Secrets are never echoed.
import type { MiddlewareHandler } from 'hono';
import { PortpulseError } from '../../shared/errors';
import { accessFor } from './access-policy';
import { credentialOf } from './credentials';
import type { Tickets } from './tickets';
import type { Principal, TokenStore } from './token-store';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal | undefined;
    authProblem: string | undefined;
  }
}

export interface Auth {
  tokens: TokenStore;
  tickets: Tickets;
}

const challenge = { 'WWW-Authenticate': 'Token realm="portpulse"' };

export function identify(auth: Auth): MiddlewareHandler {
  return async (c, next) => {
    if (auth.tokens.enabled) {
      const path = c.req.path;
      const cred = credentialOf(c.req.raw, { v1: path === '/write', ticket: path === '/api/live' });
      if (cred.kind === 'token') {
        const principal = auth.tokens.verify(cred.token);
        c.set('principal', principal);
        if (!principal) c.set('authProblem', 'invalid token');
      } else if (cred.kind === 'ticket') {
        // Spent only by a real WebSocket upgrade: a plain GET (a link preview, a prefetch) must not use it up.
        if (!isWebSocketUpgrade(c.req.raw))
          c.set(
            'authProblem',
            'a live ticket is accepted only on a WebSocket upgrade; this one was not used',
          );
        else {
          const principal = await auth.tickets.redeem(cred.ticket);
          c.set('principal', principal);
          if (!principal) c.set('authProblem', 'live ticket invalid, used or expired: get a new one');
        }
      } else if (cred.kind === 'malformed') c.set('authProblem', cred.why);
    }
    await next();
  };
}

const isWebSocketUpgrade = (req: Request) => req.headers.get('upgrade')?.toLowerCase() === 'websocket';

export function requireAccess(auth: Auth): MiddlewareHandler {
  return async (c, next) => {
    const access = accessFor(c.req.method, c.req.path);
    // Without read tokens, reads are open (a public dashboard); writes always need a write token.
    const open = access === 'open' || !auth.tokens.enabled || (access === 'read' && !auth.tokens.has('read'));
    if (!open) {
      const principal = c.get('principal');
      if (!principal) {
        for (const [k, v] of Object.entries(challenge)) c.header(k, v);
        throw new PortpulseError(
          'unauthorized',
          c.get('authProblem') ??
            `a ${access} token is required: send "Authorization: Token <token>"${access === 'write' && c.req.path === '/write' ? ' (or Basic auth / u and p parameters)' : ''}`,
        );
      }
      if (!principal.scopes.has(access))
        throw new PortpulseError('forbidden', `this token may not ${access}; use a ${access} token`);
    }
    await next();
  };
}

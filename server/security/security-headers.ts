// Security headers on every response: a CSP that allows scripts, styles and connections from this origin
// only (no inline scripts, no eval), no framing unless configured, nosniff and a strict Referrer-Policy.
import type { MiddlewareHandler } from 'hono';

export interface SecurityHeaderOptions {
  /** CSP frame-ancestors sources, e.g. "'none'" (default) or "'self' https://portal.example". */
  frameAncestors: string;
  /**
   * Cluster mode: the public URLs of the nodes up (http(s)://host:port); their WebSocket origins join
   * connect-src, so a page can reconnect its live view straight to another node when its own dies.
   */
  connectSources?: () => string[];
}

/** ws:// or wss:// origins of the given http(s) URLs (others are left out). */
function webSocketOrigins(urls: string[]): string[] {
  return urls.flatMap((u) => {
    const m = /^http(s?):\/\/([^/\s;,']+)/.exec(u);
    return m ? [`ws${m[1]}://${m[2]}`] : [];
  });
}

export function contentSecurityPolicy(opts: SecurityHeaderOptions): string {
  const extra = webSocketOrigins(opts.connectSources?.() ?? []);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...extra].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${opts.frameAncestors}`,
  ].join('; ');
}

export function securityHeaders(opts: SecurityHeaderOptions): MiddlewareHandler {
  const fixed = opts.connectSources ? undefined : contentSecurityPolicy(opts);
  const noFraming = opts.frameAncestors.trim() === "'none'";
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', fixed ?? contentSecurityPolicy(opts));
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (noFraming) h.set('X-Frame-Options', 'DENY');
  };
}

// Security headers on every response: a CSP that allows scripts, styles and connections from this origin
// only (no inline scripts, no eval), no framing unless configured, nosniff and a strict Referrer-Policy.
import type { MiddlewareHandler } from 'hono';

export interface SecurityHeaderOptions {
  /** CSP frame-ancestors sources, e.g. "'none'" (default) or "'self' https://portal.example". */
  frameAncestors: string;
}

export function contentSecurityPolicy(opts: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${opts.frameAncestors}`,
  ].join('; ');
}

export function securityHeaders(opts: SecurityHeaderOptions): MiddlewareHandler {
  const csp = contentSecurityPolicy(opts);
  const noFraming = opts.frameAncestors.trim() === "'none'";
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', csp);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (noFraming) h.set('X-Frame-Options', 'DENY');
  };
}

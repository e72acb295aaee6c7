// The peer address of a request as the socket sees it (proxies' X-Forwarded-For is not trusted), or
// "unknown" when there is no socket (app.request() in tests).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

// Which access each request needs, decided in one place from method and path (the same path hono routes
// on): writes need a write token, the API and /metrics a read token, the page shell and probes none.

export type Access = 'open' | 'read' | 'write';

const writePaths = new Set(['/write', '/api/v2/write', '/api/events']);
/**
 * Operator actions from the dashboard (acknowledge, silence), which holds a read token: they change no data,
 * only who is told about it.
 */
const operatorPaths = new Set(['/api/alerts/ack', '/api/silences', '/api/silences/end']);

export function accessFor(method: string, path: string): Access {
  if (writePaths.has(path)) return 'write';
  if (path === '/api/live/ticket' || path === '/metrics' || operatorPaths.has(path)) return 'read';
  if (path === '/api' || path.startsWith('/api/'))
    return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write';
  // Probes (/ping, /health, /ready), /openapi.json, the dashboard shell, its assets and the docs pages carry
  // no data; the API they call is guarded.
  return 'open';
}

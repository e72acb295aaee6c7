// /openapi.json against the routes that exist, over real sockets: every route of the hono app is documented,
// and every documented operation is routed (answered by its handler, not the 404 or the page fallback) with
// a status the document lists; security follows the enforced access policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../app';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { READ_TOKEN, tokenEnv, tokenHeader, WRITE_TOKEN } from '../testing/auth-fixture';
import { tempDir, testConfig } from '../testing/test-config';

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security: object[]; responses: Record<string, unknown>; requestBody?: unknown }>
  >;
}
let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
let doc: Doc;

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(testConfig(dir.path, tokenEnv), silentLogger);
  const res = await fetch(`${server.url}/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

const documented = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 with schemas from zod', () => {
    expect(doc.openapi).toBe('3.1.0');
    const events = doc.paths['/api/events']!.post!.requestBody as {
      content: Record<string, { schema: object }>;
    };
    expect(JSON.stringify(events.content['application/json']!.schema)).toContain('"flight_departure"');
  });

  it('documents every route of the app, and routes nothing undocumented', () => {
    const routes = createApp(server.deps)
      .routes.filter((r) => r.method !== 'ALL' && r.path !== '/*')
      .map((r) => `${r.method} ${r.path}`);
    const ops = documented().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect([...new Set(routes)].sort()).toEqual([...new Set(ops)].sort());
  });

  it('states the security the server enforces', () => {
    expect(doc.paths['/api/v2/write']!.post!.security).not.toEqual([]);
    expect(doc.paths['/write']!.post!.security).toContainEqual({ basic: [] });
    expect(doc.paths['/api/live']!.get!.security).toContainEqual({ liveTicket: [] });
    expect(doc.paths['/health']!.get!.security).toEqual([]);
    expect(doc.paths['/api/sites']!.get!.responses).toHaveProperty('401');
  });
});

describe('every documented operation is routed', () => {
  it('answers each over a real socket from its own handler, with a documented status', async () => {
    for (const { path, method, op } of documented()) {
      if (path === '/api/live') continue; // the WebSocket, checked below
      const token =
        op.security.length === 0
          ? undefined
          : method === 'post' && path !== '/api/live/ticket'
            ? WRITE_TOKEN
            : READ_TOKEN;
      const res = await fetch(`${server.url}${path}`, {
        method: method.toUpperCase(),
        headers: token ? tokenHeader(token) : {},
        ...(method === 'post' ? { body: '' } : {}),
      });
      const text = await res.text();
      const where = `${method.toUpperCase()} ${path} → ${res.status} ${text.slice(0, 120)}`;
      expect(text, where).not.toMatch(/no such endpoint/);
      if (!path.startsWith('/docs/api') || path === '/docs/api')
        expect(text, where).not.toMatch(/portpulse · operator/);
      expect(Object.keys(op.responses), where).toContain(String(res.status));
    }
  });

  it('upgrades GET /api/live to a WebSocket that says hello', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`, {
      headers: tokenHeader(READ_TOKEN),
    });
    const first = await new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    expect(JSON.parse(first).type).toBe('hello');
    ws.close();
  });
});

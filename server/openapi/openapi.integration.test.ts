// /openapi.json against the routes that exist, over real sockets: every route of the hono app is documented,
// and every documented operation is routed (answered by its handler, not the 404 or the page fallback) with
// a status the document lists; security follows the enforced access policy. Then the answers themselves: each
// operation called with valid input (on data posted first) answers its documented success status, content type
// and a body that is exactly its documented schema (no field missing, none extra), and bad input, an unknown
// site, a missing token or a token without the scope answers a documented status with the error schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { flightDeparture, gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { localMonth } from '../../shared/indices/time-zone';
import type { SiteInfo } from '../../shared/sites/registry';
import { createApp } from '../app';
import { accessFor } from '../auth/access-policy';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { READ_TOKEN, scanLine, tokenEnv, tokenHeader, WRITE_TOKEN } from '../testing/auth-fixture';
import { tempDir, testConfig } from '../testing/test-config';
import { errorSchema, type Operation, operations } from './operations';

interface DocOperation {
  security: object[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
  parameters: { name: string; schema: { default?: unknown } }[];
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, DocOperation>>;
}
interface Call {
  query?: Record<string, string>;
  body?: string;
  /** Defaults to the token the operation needs; null sends none. */
  token?: string | null;
}
let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
let doc: Doc;
/** A registry site with an airport, which gets every kind of event (and so every kind of alert) below. */
let site: SiteInfo;
/** An active alert to acknowledge and a silence to end, made in beforeAll. */
let alertId: string;
let silenceId: string;

/** Posted before the checks: flows on two lanes, a slow scan, an overweight truck, a flight 30 min late. */
function seedEvents(now: number) {
  const at = { site: site.id };
  return [
    gateScan({ ...at, time: now - 50_000, plate: '粤A10001' }),
    gateScan({ ...at, time: now - 40_000, plate: '粤A10002', processing_ms: 25_000 }),
    gateScan({ ...at, time: now - 30_000, plate: '粤A10003', direction: 'out', gate: 'g2', lane: 'l3' }),
    weighbridgeReading({ ...at, time: now - 20_000 }),
    flightDeparture({ ...at, airport: site.airport!, time: now - 10_000, sobt: now - 10_000 - 30 * 60_000 }),
  ];
}

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(testConfig(dir.path, tokenEnv), silentLogger);
  const res = await fetch(`${server.url}/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
  site = server.deps.sites.find((s) => s.airport !== undefined)!;
  const seeded = await send('post', '/api/events', { body: JSON.stringify(seedEvents(Date.now())) });
  expect(seeded.status, await seeded.text()).toBe(204);
  alertId = server.deps.alerts.snapshot(site.id).active.find((a) => a.kind === 'overweight')!.id;
  silenceId = (
    await server.deps.alerting.createSilence({
      matchers: { site: site.id, kind: 'silent' },
      durationMinutes: 60,
      reason: 'test',
      createdBy: 'openapi test',
    })
  ).id;
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

/** The token a client of this operation holds: write for writes, read for the rest (ticket, ack, silences). */
const tokenFor = (method: string, path: string) =>
  accessFor(method.toUpperCase(), path) === 'write' ? WRITE_TOKEN : READ_TOKEN;

function send(method: string, path: string, call: Call = {}): Promise<Response> {
  const secured = (doc.paths[path]?.[method]?.security.length ?? 0) > 0;
  const token = call.token !== undefined ? call.token : secured ? tokenFor(method, path) : null;
  const query = call.query ? `?${new URLSearchParams(call.query)}` : '';
  return fetch(`${server.url}${path}${query}`, {
    method: method.toUpperCase(),
    headers: token ? tokenHeader(token) : {},
    ...(call.body === undefined ? {} : { body: call.body }),
  });
}

/**
 * The body is exactly the documented schema: it parses (no required field missing, no wrong type), and parsing
 * drops nothing (zod objects strip keys they do not know, so a field the schema lacks, at any depth, differs).
 */
function expectExactly(schema: z.ZodType, body: unknown, where: string): void {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? [], `${where}: does not parse with the documented schema`).toEqual([]);
  expect(parsed.data, `${where}: has a field the documented schema does not`).toStrictEqual(body);
}

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
      const res = await send(method, path, method === 'post' ? { body: '' } : {});
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

/** Valid input for every documented operation but the WebSocket (above), and the status it answers. */
function validCalls(): Record<string, Call & { status?: number }> {
  const month = localMonth(Date.now(), site.timezone);
  const q = { site: site.id };
  const event = gateScan({ ...q, time: Date.now() - 5000, plate: '粤A10004' });
  return {
    'post /api/v2/write': {
      query: { org: 'o', bucket: 'b', precision: 'ms' },
      body: scanLine(),
      status: 204,
    },
    'post /write': { query: { db: 'd', precision: 'ms' }, body: scanLine(), status: 204 },
    'post /api/events': { body: JSON.stringify([event]), status: 204 },
    'get /api/sites': {},
    'get /api/kpis/live': { query: q },
    'get /api/kpis/history': { query: { ...q, range: '15m' } },
    'get /api/kpis/lanes': { query: q },
    'get /api/kpis/network': { query: { region: site.region } },
    'get /api/alerts': { query: q },
    'get /api/alerts/history': { query: { ...q, from: String(Date.now() - 3_600_000) } },
    'post /api/alerts/ack': { body: JSON.stringify({ id: alertId, by: 'Wang Fang', note: 'driver called' }) },
    'get /api/silences': {},
    'post /api/silences': {
      body: JSON.stringify({
        matchers: { site: site.id },
        durationMinutes: 30,
        reason: 'drill',
        createdBy: 'Li',
      }),
    },
    'post /api/silences/end': { body: JSON.stringify({ id: silenceId }) },
    'get /api/kpis/rolling': { query: { ...q, window: '60m' } },
    'get /api/indices': { query: { ...q, month } },
    'get /api/indices/series': { query: { ...q, from: month, to: month } },
    'post /api/live/ticket': {},
    'get /ping': { status: 204 },
    'head /ping': { status: 204 },
    'get /health': {},
    'get /ready': {},
    'get /metrics': {},
    'get /openapi.json': {},
    'get /docs/api': {},
    'get /docs/api/page.js': {},
    'get /docs/api/page.css': {},
    'get /docs/indices': {},
  };
}

/** Input each operation documenting a 400 refuses, and what the message must say. */
function invalidCalls(): Record<string, Call & { says: RegExp }> {
  const q = { site: site.id };
  return {
    'post /api/v2/write': { query: { org: 'o' }, body: scanLine(), says: /bucket is required/ },
    'post /write': { query: { db: 'd', precision: 'h' }, body: scanLine(), says: /precision "h"/ },
    'post /api/events': { body: JSON.stringify([{ measurement: 'cpu' }]), says: /event #1/ },
    'get /api/kpis/live': { says: /site is required/ },
    'get /api/kpis/history': { query: { ...q, range: '7d' }, says: /range/ },
    'get /api/kpis/lanes': { query: { site: '' }, says: /site is required/ },
    'get /api/kpis/network': { query: { region: 'south' }, says: /region must be one of/ },
    'get /api/alerts': { says: /site is required/ },
    'get /api/alerts/history': { query: { from: 'yesterday' }, says: /"yesterday" is not a time/ },
    'post /api/alerts/ack': { body: JSON.stringify({ id: alertId }), says: /by:/ },
    'post /api/silences': {
      body: JSON.stringify({ matchers: {}, durationMinutes: 5, reason: 'x', createdBy: 'y' }),
      says: /at least one matcher/,
    },
    'post /api/silences/end': { body: '{}', says: /id:/ },
    'get /api/kpis/rolling': { query: { ...q, window: '5m' }, says: /window/ },
    'get /api/indices': { query: { ...q, month: '2025-13' }, says: /month/ },
    'get /api/indices/series': {
      query: { ...q, from: '2025-01', to: '2025-02', colour: 'red' },
      says: /unknown parameter "colour"/,
    },
  };
}

const keyOf = (op: Operation) => `${op.method} ${op.path}`;

describe('every answer is the documented one', () => {
  it('the body check fails on a field the schema lacks, at any depth, and on a missing one', () => {
    const schema = z.object({ a: z.number(), b: z.array(z.object({ c: z.string() })) });
    expectExactly(schema, { a: 1, b: [{ c: 'x' }] }, 'exact');
    expect(() => expectExactly(schema, { a: 1, b: [{ c: 'x', d: 1 }] }, 'extra')).toThrow(/does not/);
    expect(() => expectExactly(schema, { a: 1, b: [], e: 2 }, 'extra')).toThrow(/does not/);
    expect(() => expectExactly(schema, { b: [] }, 'missing')).toThrow(/does not parse/);
  });

  it('answers valid input with its documented status, content type and exactly its documented body', async () => {
    const calls = validCalls();
    for (const op of operations) {
      if (op.path === '/api/live') continue; // the WebSocket, checked above
      const call = calls[keyOf(op)];
      expect(call, `${keyOf(op)}: give this test a valid call`).toBeDefined();
      if (op.query)
        expect(op.query.safeParse(call!.query ?? {}).error, `${keyOf(op)}: the test's query`).toBeUndefined();
      if (op.body?.schema && call!.body)
        expect(op.body.schema.safeParse(JSON.parse(call!.body)).error, keyOf(op)).toBeUndefined();
      const res = await send(op.method, op.path, call);
      const text = await res.text();
      const where = `${keyOf(op)} → ${res.status} ${text.slice(0, 200)}`;
      const status = call!.status ?? 200;
      expect(res.status, where).toBe(status);
      const documented = op.responses[status]!;
      expect(documented, where).toBeDefined();
      if (status !== 204 && op.method !== 'head')
        expect(res.headers.get('content-type'), where).toContain(documented.contentType);
      if (documented.schema) expectExactly(documented.schema, JSON.parse(text), where);
    }
  });

  it('had data to show: lanes, every kind of posted alert, a month with data', async () => {
    const get = async (path: string, query: Record<string, string>) =>
      (await send('get', path, { query: { site: site.id, ...query } })).json();
    expect((await get('/api/kpis/lanes', {})).lanes.length).toBeGreaterThan(1);
    const alerts = await get('/api/alerts', {});
    expect(alerts.active.map((a: { kind: string }) => a.kind)).toEqual(
      expect.arrayContaining(['overweight', 'departure_delay']),
    );
    const month = await get('/api/indices', { month: localMonth(Date.now(), site.timezone) });
    expect(month.indices.load_rate.metric).not.toBeNull();
  });

  it('applies the defaults the document states', async () => {
    const defaultOf = (path: string, name: string) =>
      doc.paths[path]!.get!.parameters.find((p) => p.name === name)!.schema.default;
    const history = await (await send('get', '/api/kpis/history', { query: { site: site.id } })).json();
    expect(history.range).toBe(defaultOf('/api/kpis/history', 'range'));
    const month = localMonth(Date.now(), site.timezone);
    const indices = await (await send('get', '/api/indices', { query: { month } })).json();
    expect(indices.base.mode).toBe(defaultOf('/api/indices', 'base'));
  });

  it('refuses invalid input with a documented 400 in the error schema, as the document would', async () => {
    const calls = invalidCalls();
    for (const op of operations) {
      if (!('400' in doc.paths[op.path]![op.method]!.responses)) continue;
      const call = calls[keyOf(op)];
      expect(call, `${keyOf(op)} documents a 400: give this test an invalid call`).toBeDefined();
      if (op.query && call!.query)
        expect(op.query.safeParse(call!.query).success, `${keyOf(op)}: the document accepts it`).toBe(false);
      const res = await send(op.method, op.path, call);
      const body = await res.json();
      const where = `${keyOf(op)} → ${res.status} ${JSON.stringify(body).slice(0, 200)}`;
      expect(res.status, where).toBe(400);
      expectExactly(errorSchema, body, where);
      expect(body.code, where).toBe('invalid');
      expect(body.message, where).toMatch(call!.says);
    }
  });

  it('answers an unknown site, no token and the wrong token with the documented status and error schema', async () => {
    let checked = 0;
    for (const op of operations) {
      const responses = doc.paths[op.path]![op.method]!.responses;
      const other = tokenFor(op.method, op.path) === READ_TOKEN ? WRITE_TOKEN : READ_TOKEN;
      const cases: [string, Call][] = [
        ['404', { query: { site: 'nowhere' } }],
        ['401', { token: null }],
        ['403', { token: other }],
      ];
      for (const [status, call] of cases) {
        if (!(status in responses)) continue;
        if (status === '404' && !op.query?.shape.site) continue; // a 404 of an unknown alert or silence
        const res = await send(op.method, op.path, {
          ...call,
          ...(op.method === 'post' ? { body: '' } : {}),
        });
        const body = await res.json();
        const where = `${keyOf(op)} ${status} → ${res.status} ${JSON.stringify(body).slice(0, 200)}`;
        expect(String(res.status), where).toBe(status);
        expectExactly(errorSchema, body, where);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

// Every HTTP operation of the server, described with the very zod schemas its handler parses its query with and
// types its JSON body by (shared/ when the client or collectors use them too, else beside the route). The OpenAPI
// test checks this list against the routes hono really has, both ways, and real answers against these schemas.
import type { z } from 'zod';
import { ackRequestSchema } from '../../shared/alerting/ack';
import { historyResponseSchema } from '../../shared/alerting/history';
import { silenceListSchema, silenceRequestSchema } from '../../shared/alerting/silence';
import { errorBodySchema } from '../../shared/errors';
import { eventSchema } from '../../shared/events/event';
import { indicesResponseSchema, rollingResponseSchema, seriesResponseSchema } from '../../shared/indices/api';
import { kpiHistoryResponseSchema } from '../../shared/live/kpi-history';
import { laneFlowsResponseSchema } from '../../shared/live/lane-flows';
import { networkResponseSchema } from '../../shared/live/network';
import { ticketResponseSchema } from '../../shared/live/ticket';
import { sitesResponseSchema } from '../../shared/sites/registry';
import { alertHistoryQuerySchema } from '../routes/alerts/get-alert-history';
import { siteAlertsResponseSchema } from '../routes/alerts/get-alerts';
import { ackResponseSchema } from '../routes/alerts/post-ack';
import { endSilenceRequestSchema, silenceResponseSchema } from '../routes/alerts/silence-routes';
import { healthResponseSchema, readinessResponseSchema } from '../routes/health/health-routes';
import { indicesQuerySchema, rollingQuerySchema, seriesQuerySchema } from '../routes/indices/query-params';
import { liveKpisResponseSchema } from '../routes/kpis/current-kpis';
import { historyQuerySchema } from '../routes/kpis/get-history';
import { networkQuerySchema } from '../routes/kpis/get-network';
import { siteQuerySchema } from '../routes/sites/site-query';
import { v1WriteQuerySchema, v2WriteQuerySchema } from '../routes/write/write-query';

export interface Body {
  description: string;
  contentType: string;
  schema?: z.ZodType;
}

export interface Operation {
  method: 'get' | 'post' | 'head';
  path: string;
  tag: 'write' | 'read' | 'live' | 'operations' | 'docs';
  summary: string;
  query?: z.ZodObject;
  body?: Body;
  /** Success responses; the error responses are added from the access policy and the error schema. */
  responses: Record<number, Body>;
}

const json = (description: string, schema?: z.ZodType): Body => ({
  description,
  contentType: 'application/json',
  ...(schema ? { schema } : {}),
});
const text = (description: string, contentType = 'text/plain'): Body => ({ description, contentType });
const written = { 204: text('every line stored durably (fsync’d)') };
const lineProtocol: Body = {
  description: 'InfluxDB line protocol, optionally gzip-compressed (Content-Encoding: gzip)',
  contentType: 'text/plain',
};

export const errorSchema = errorBodySchema;

const op = (
  method: Operation['method'],
  path: string,
  tag: Operation['tag'],
  summary: string,
  rest: Pick<Operation, 'responses'> & Partial<Pick<Operation, 'query' | 'body'>>,
): Operation => ({ method, path, tag, summary, ...rest });
const ok = (body: Body) => ({ responses: { 200: body } });
const alive = { responses: { 204: text('alive') } };

export const operations: Operation[] = [
  op('post', '/api/v2/write', 'write', 'Write line protocol (InfluxDB 2.x API, Telegraf influxdb_v2)', {
    query: v2WriteQuerySchema,
    body: lineProtocol,
    responses: written,
  }),
  op('post', '/write', 'write', 'Write line protocol (InfluxDB 1.x API, Telegraf influxdb)', {
    query: v1WriteQuerySchema,
    body: lineProtocol,
    responses: written,
  }),
  op('post', '/api/events', 'write', 'Write a JSON array of events', {
    body: json('events (epoch-ms `time`)', eventSchema.array()),
    responses: written,
  }),
  op('get', '/api/sites', 'read', 'The site registry with regions', ok(json('sites', sitesResponseSchema))),
  op('get', '/api/kpis/live', 'read', 'The live KPI row of a site now', {
    query: siteQuerySchema,
    ...ok(json('KPI row', liveKpisResponseSchema)),
  }),
  op('get', '/api/kpis/history', 'read', 'Past KPI rows of a site as one columnar frame', {
    query: historyQuerySchema,
    ...ok(json('KPI frame', kpiHistoryResponseSchema)),
  }),
  op('get', '/api/kpis/lanes', 'read', 'Vehicle flow and 10 s SLA share per gate lane, last 15 min', {
    query: siteQuerySchema,
    ...ok(json('lane flows', laneFlowsResponseSchema)),
  }),
  op('get', '/api/kpis/network', 'read', "Every site's live KPI row, newest event and active alerts", {
    query: networkQuerySchema,
    ...ok(json('one row per site', networkResponseSchema)),
  }),
  op('get', '/api/alerts', 'read', "A site's active and recently cleared alerts", {
    query: siteQuerySchema,
    ...ok(json('alerts', siteAlertsResponseSchema)),
  }),
  op(
    'get',
    '/api/alerts/history',
    'read',
    'Alert history: alerts, acknowledgements, notifications, silences (JSON or CSV)',
    {
      query: alertHistoryQuerySchema,
      responses: {
        200: json('records, oldest first (text/csv with format=csv)', historyResponseSchema),
        404: json('unknown site', errorBodySchema),
      },
    },
  ),
  op(
    'post',
    '/api/alerts/ack',
    'read',
    'Acknowledge an active alert (who, optional note); shown live on every screen',
    {
      body: json('the alert id and who acknowledges', ackRequestSchema),
      responses: {
        200: json('the acknowledged alert', ackResponseSchema),
        404: json('no such alert', errorBodySchema),
      },
    },
  ),
  op('get', '/api/silences', 'read', 'Silences in force', ok(json('silences', silenceListSchema))),
  op('post', '/api/silences', 'read', 'Silence matching alerts until an end time, with a reason', {
    body: json('matchers, endsAt or durationMinutes, reason, createdBy', silenceRequestSchema),
    ...ok(json('the new silence', silenceResponseSchema)),
  }),
  op('post', '/api/silences/end', 'read', 'End a silence early', {
    body: json('the silence id', endSilenceRequestSchema),
    responses: {
      200: json('the ended silence', silenceResponseSchema),
      404: json('no such silence', errorBodySchema),
    },
  }),
  op('get', '/api/kpis/rolling', 'read', 'Rolling indices against the same window 7 days earlier', {
    query: rollingQuerySchema,
    ...ok(json('rolling indices', rollingResponseSchema)),
  }),
  op('get', '/api/indices', 'read', 'Monthly indices of a scope', {
    query: indicesQuerySchema,
    ...ok(json('one month', indicesResponseSchema)),
  }),
  op('get', '/api/indices/series', 'read', 'Monthly indices, one row per month (JSON, or CSV)', {
    query: seriesQuerySchema,
    ...ok(json('rows (text/csv with format=csv)', seriesResponseSchema)),
  }),
  op('post', '/api/live/ticket', 'live', 'Trade a read token for a one-time WebSocket ticket (30 s)', {
    ...ok(json('ticket', ticketResponseSchema)),
  }),
  op('get', '/api/live', 'live', 'Live WebSocket (upgrade); messages in shared/live/messages.ts', {
    responses: { 101: text('switching to the WebSocket protocol') },
  }),
  op('get', '/ping', 'operations', 'InfluxDB-style ping', alive),
  op('head', '/ping', 'operations', 'InfluxDB-style ping', alive),
  op('get', '/health', 'operations', 'Liveness', ok(json('alive', healthResponseSchema))),
  op('get', '/ready', 'operations', 'Readiness: log writable, InfluxDB reachable or lag in bounds', {
    responses: {
      200: json('ready', readinessResponseSchema),
      503: json('not ready', readinessResponseSchema),
    },
  }),
  op('get', '/metrics', 'operations', 'Prometheus metrics', ok(text('Prometheus text format'))),
  op('get', '/openapi.json', 'docs', 'This description', ok(json('OpenAPI 3.1 document'))),
  op('get', '/docs/api', 'docs', 'API reference page', ok(text('HTML', 'text/html'))),
  op('get', '/docs/api/page.js', 'docs', 'Script of the reference page', ok(text('JS', 'text/javascript'))),
  op('get', '/docs/api/page.css', 'docs', 'Style of the reference page', ok(text('CSS', 'text/css'))),
  op('get', '/docs/indices', 'docs', 'Index methodology (Markdown as text)', ok(text('Markdown'))),
];

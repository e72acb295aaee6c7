// GET /api/alerts/history?site=&from=&to=[&format=csv]: the alert history of a site (or all sites) between
// two times (epoch ms or ISO 8601; default the last 24 h), oldest first, at most `limit` records (newest kept).
import { Hono } from 'hono';
import { z } from 'zod';
import type { historyResponseSchema } from '../../../shared/alerting/history';
import { PortpulseError } from '../../../shared/errors';
import type { AppDeps } from '../../app-deps';
import { parseQuery } from '../parse-query';
import { requireKnownSite } from '../sites/site-query';
import { historyCsv } from './history-csv';

const time = z
  .string()
  .transform((v, ctx) => {
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a time (epoch ms or ISO 8601)` });
      return z.NEVER;
    }
    return ms;
  })
  .optional();

export const alertHistoryQuerySchema = z.strictObject({
  site: z.string().min(1).optional().describe('a site id of GET /api/sites (all sites when absent)'),
  from: time.describe('start, epoch ms or ISO 8601 (default: 24 h before `to`)'),
  to: time.describe('end, epoch ms or ISO 8601 (default: now)'),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(2000),
});

export function alertHistoryRoutes(deps: AppDeps): Hono {
  return new Hono().get('/api/alerts/history', (c) => {
    const q = parseQuery(alertHistoryQuerySchema, c.req.query());
    if (q.site !== undefined) requireKnownSite(deps.sites, q.site);
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 86_400_000;
    if (from > to) throw new PortpulseError('invalid', 'from is after to', { field: 'from' });
    const { entries, truncated } = deps.alerting.queryHistory({
      ...(q.site !== undefined ? { site: q.site } : {}),
      from,
      to,
      limit: q.limit,
    });
    if (q.format === 'csv') {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header(
        'content-disposition',
        `attachment; filename="alerts-${q.site ?? 'all'}-${new Date(from).toISOString().slice(0, 10)}.csv"`,
      );
      return c.body(historyCsv(entries));
    }
    return c.json({ site: q.site ?? null, from, to, entries, truncated } satisfies z.input<
      typeof historyResponseSchema
    >);
  });
}

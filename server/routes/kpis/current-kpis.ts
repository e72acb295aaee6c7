// GET /api/kpis/live?site=ID: the live KPI row of one site right now (the same numbers the dashboard shows);
// also mounts GET /api/kpis/history (get-history.ts), GET /api/kpis/lanes (get-lanes.ts) and
// GET /api/kpis/network (get-network.ts).
import { Hono } from 'hono';
import { z } from 'zod';
import { kpiRowSchema } from '../../../shared/live/kpi-columns';
import type { AppDeps } from '../../app-deps';
import { parseQuery } from '../parse-query';
import { requireKnownSite, siteQuerySchema } from '../sites/site-query';
import { getHistory } from './get-history';
import { getLanes } from './get-lanes';
import { getNetwork } from './get-network';

export const liveKpisResponseSchema = z.object({
  site: z.string(),
  at: z.number().describe('epoch ms'),
  kpis: kpiRowSchema,
  lastEventAt: z.number().nullable().describe('epoch ms of the newest event of the site; null before any'),
});

export function kpiRoutes(deps: AppDeps): Hono {
  return new Hono()
    .get('/api/kpis/history', getHistory(deps))
    .get('/api/kpis/lanes', getLanes(deps))
    .get('/api/kpis/network', getNetwork(deps))
    .get('/api/kpis/live', (c) => {
      const { site } = parseQuery(siteQuerySchema, c.req.query());
      requireKnownSite(deps.sites, site);
      const now = Date.now();
      return c.json({
        site,
        at: now,
        kpis: deps.kpis.row(site, now),
        lastEventAt: deps.kpis.site(site).lastEventAt,
      } satisfies z.input<typeof liveKpisResponseSchema>);
    });
}

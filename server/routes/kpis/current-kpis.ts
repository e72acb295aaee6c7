// GET /api/kpis/live?site=ID: the live KPI row of one site right now (the same numbers the dashboard shows);
// also mounts GET /api/kpis/history (get-history.ts) and GET /api/kpis/lanes (get-lanes.ts).
import { Hono } from 'hono';
import { PortpulseError } from '../../../shared/errors';
import type { AppDeps } from '../../app-deps';
import { getHistory } from './get-history';
import { getLanes } from './get-lanes';

export function kpiRoutes(deps: AppDeps): Hono {
  return new Hono()
    .get('/api/kpis/history', getHistory(deps))
    .get('/api/kpis/lanes', getLanes(deps))
    .get('/api/kpis/live', (c) => {
      const site = c.req.query('site');
      if (!site) throw new PortpulseError('invalid', 'site is required');
      if (!deps.sites.some((s) => s.id === site))
        throw new PortpulseError('not_found', `unknown site "${site}"`);
      const now = Date.now();
      return c.json({
        site,
        at: now,
        kpis: deps.kpis.row(site, now),
        lastEventAt: deps.kpis.site(site).lastEventAt,
      });
    });
}

// GET /api/kpis/lanes?site=ID: vehicles per minute in and out, and the 10 s SLA share, per gate lane over the
// last 15 minutes (the operator's lane table; it polls, the figures move slowly).
import type { Context } from 'hono';
import type { LaneFlowsResponse } from '../../../shared/live/lane-flows';
import type { AppDeps } from '../../app-deps';
import { LANE_WINDOW_MINUTES } from '../../kpis/lane-flows';
import { parseQuery } from '../parse-query';
import { requireKnownSite, siteQuerySchema } from '../sites/site-query';

export function getLanes(deps: AppDeps) {
  return (c: Context) => {
    const { site } = parseQuery(siteQuerySchema, c.req.query());
    requireKnownSite(deps.sites, site);
    const at = Date.now();
    const lanes = deps.kpis.site(site).lanes.table(at);
    return c.json({ site, at, windowMinutes: LANE_WINDOW_MINUTES, lanes } satisfies LaneFlowsResponse);
  };
}

// GET /api/kpis/lanes?site=ID: vehicles per minute in and out, and the 10 s SLA share, per gate lane over the
// last 15 minutes (the operator's lane table; it polls, the figures move slowly).
import type { Context } from 'hono';
import { PortpulseError } from '../../../shared/errors';
import type { LaneFlowsResponse } from '../../../shared/live/lane-flows';
import type { AppDeps } from '../../app-deps';
import { LANE_WINDOW_MINUTES } from '../../kpis/lane-flows';

export function getLanes(deps: AppDeps) {
  return (c: Context) => {
    const site = c.req.query('site');
    if (!site) throw new PortpulseError('invalid', 'site is required');
    if (!deps.sites.some((s) => s.id === site))
      throw new PortpulseError('not_found', `unknown site "${site}"`);
    const at = Date.now();
    const lanes = deps.kpis.site(site).lanes.table(at);
    return c.json({ site, at, windowMinutes: LANE_WINDOW_MINUTES, lanes } satisfies LaneFlowsResponse);
  };
}

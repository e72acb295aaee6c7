// GET /api/kpis/rolling?window=60m|24h[&site=|&region=][&weights=]: live indices over a sliding window
// against the same window 7 days earlier, with both windows stated.
import type { Context } from 'hono';
import type { RollingResponse } from '../../../shared/indices/api';
import { defaultWeights } from '../../../shared/indices/weights';
import type { AppDeps } from '../../app-deps';
import { rollingFor } from '../../rollups/rolling-window';
import { parseQuery } from '../parse-query';
import { rollingQuerySchema } from './query-params';
import { resolveScope } from './scope';

export function getRolling(deps: AppDeps) {
  return (c: Context) => {
    const q = parseQuery(rollingQuerySchema, c.req.query());
    const scope = resolveScope(deps.sites, q.site, q.region);
    const answer = rollingFor(deps.rollups, scope.sites, q.window, q.weights ?? defaultWeights, Date.now());
    return c.json({ window: q.window, scope, ...answer } satisfies RollingResponse);
  };
}

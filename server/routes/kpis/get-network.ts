// GET /api/kpis/network: the live KPI row, newest event and active alerts of every site in one answer, read at
// one instant, so a network overview of 100 sites costs one request instead of 200.
import type { Context } from 'hono';
import { z } from 'zod';
import type { networkResponseSchema } from '../../../shared/live/network';
import { regions } from '../../../shared/sites/regions';
import type { AppDeps } from '../../app-deps';
import { parseQuery } from '../parse-query';

export const networkQuerySchema = z
  .object({
    region: z
      .enum(regions, { error: `region must be one of ${regions.join(', ')}` })
      .optional()
      .describe('only the sites of this region'),
  })
  .strict();

export function getNetwork(deps: AppDeps) {
  return (c: Context) => {
    const { region } = parseQuery(networkQuerySchema, c.req.query());
    const now = Date.now();
    const inScope = region === undefined ? deps.sites : deps.sites.filter((s) => s.region === region);
    const sites = inScope.map((s) => {
      const active = deps.alerts.snapshot(s.id).active;
      const critical = active.filter((a) => a.severity === 'critical').length;
      return {
        site: s.id,
        kpis: deps.kpis.row(s.id, now),
        lastEventAt: deps.kpis.site(s.id).lastEventAt,
        alerts: { warning: active.length - critical, critical },
      };
    });
    return c.json({ at: now, sites } satisfies z.input<typeof networkResponseSchema>);
  };
}

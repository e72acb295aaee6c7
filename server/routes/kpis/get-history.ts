// GET /api/kpis/history?site=ID&range=15m|1h|6h|24h: past KPI rows as one columnar frame (the live channel's
// shape), every second up to 1 h and every minute beyond, so a chart can load history then follow live.
import type { Context } from 'hono';
import { z } from 'zod';
import { kpiColumns } from '../../../shared/live/kpi-columns';
import { historyRangeSchema, type KpiHistoryResponse } from '../../../shared/live/kpi-history';
import type { KpiFrame } from '../../../shared/live/messages';
import type { AppDeps } from '../../app-deps';
import { parseQuery } from '../parse-query';
import { requireKnownSite, siteQuerySchema } from '../sites/site-query';
import { historyRows, historyWindow } from './history-rows';

export const historyQuerySchema = siteQuerySchema.extend({
  range: z
    .enum(historyRangeSchema.options, {
      error: (i) => `range must be one of ${historyRangeSchema.options.join(', ')}, got "${String(i.input)}"`,
    })
    .default('1h'),
});

/**
 * Recomputing a day of minute rows takes tens of ms, so they are kept per site and range until the minute
 * changes or late data arrives (SiteKpis.pastRevision); the hub's rows are overlaid fresh on every request.
 */
export function getHistory(deps: AppDeps) {
  const cache = new Map<string, { key: string; frame: KpiFrame }>();
  return (c: Context) => {
    const { site, range } = parseQuery(historyQuerySchema, c.req.query());
    requireKnownSite(deps.sites, site);
    const w = historyWindow(range, Date.now());
    const key = `${w.to}|${deps.kpis.site(site).pastRevision}`;
    const frame = historyRows(site, w, deps.hub, deps.kpis, (compute) => {
      const hit = cache.get(`${site}|${range}`);
      if (w.resolution > 1 && hit?.key === key) return hit.frame;
      const fresh = compute();
      if (w.resolution > 1) cache.set(`${site}|${range}`, { key, frame: fresh });
      return fresh;
    });
    return c.json({ site, range, ...w, kpiColumns: [...kpiColumns], frame } satisfies KpiHistoryResponse);
  };
}

// GET /api/alerts?site=ID: the site's active alerts and the most recently cleared ones (the live snapshot).
import { Hono } from 'hono';
import { z } from 'zod';
import { alertSetSchema } from '../../../shared/live/alerts';
import type { AppDeps } from '../../app-deps';
import { parseQuery } from '../parse-query';
import { requireKnownSite, siteQuerySchema } from '../sites/site-query';

export const siteAlertsResponseSchema = alertSetSchema.extend({ site: z.string() });

export function alertRoutes(deps: AppDeps): Hono {
  return new Hono().get('/api/alerts', (c) => {
    const { site } = parseQuery(siteQuerySchema, c.req.query());
    requireKnownSite(deps.sites, site);
    return c.json({ site, ...deps.alerts.snapshot(site) } satisfies z.input<typeof siteAlertsResponseSchema>);
  });
}

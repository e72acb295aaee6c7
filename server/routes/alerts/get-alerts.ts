// GET /api/alerts?site=ID: the site's active alerts and the most recently cleared ones (the live snapshot).
import { Hono } from 'hono';
import { PortpulseError } from '../../../shared/errors';
import type { AlertSet } from '../../../shared/live/alerts';
import type { AppDeps } from '../../app-deps';

export function alertRoutes(deps: AppDeps): Hono {
  return new Hono().get('/api/alerts', (c) => {
    const site = c.req.query('site');
    if (!site) throw new PortpulseError('invalid', 'site is required');
    if (!deps.sites.some((s) => s.id === site))
      throw new PortpulseError('not_found', `unknown site "${site}"`);
    return c.json({ site, ...deps.alerts.snapshot(site) } satisfies AlertSet & { site: string });
  });
}

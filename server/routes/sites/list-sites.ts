// GET /api/sites: the site registry as resolved at start-up (with regions).
import { Hono } from 'hono';
import type { z } from 'zod';
import type { sitesResponseSchema } from '../../../shared/sites/registry';
import type { AppDeps } from '../../app-deps';

export function siteRoutes(deps: AppDeps): Hono {
  return new Hono().get('/api/sites', (c) =>
    c.json({ sites: deps.sites } satisfies z.input<typeof sitesResponseSchema>),
  );
}

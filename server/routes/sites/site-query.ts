// `?site=ID` of the per-site read endpoints (live KPIs, history, lanes, alerts): required, and a registry site.
import { z } from 'zod';
import { PortpulseError } from '../../../shared/errors';
import type { SiteInfo } from '../../../shared/sites/registry';

export const siteQuerySchema = z.object({
  site: z
    .string({ error: 'site is required' })
    .min(1, 'site is required')
    .describe('a site id of GET /api/sites'),
});

/** An unknown site is a 404 here (the resource does not exist), unlike the index endpoints' 400 scope error. */
export function requireKnownSite(sites: readonly SiteInfo[], site: string): void {
  if (!sites.some((s) => s.id === site)) throw new PortpulseError('not_found', `unknown site "${site}"`);
}

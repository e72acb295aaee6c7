// GET /api/sites: the site registry, validated like every message from the server.
import { z } from 'zod';
import { type SiteInfo, siteInfoSchema } from '../../shared/sites/registry';
import { apiFetch } from './auth';

const sitesResponseSchema = z.object({ sites: z.array(siteInfoSchema) });

export async function fetchSites(signal?: AbortSignal): Promise<SiteInfo[]> {
  const res = await apiFetch('/api/sites', signal ? { signal } : {});
  if (!res.ok) throw new Error(`GET /api/sites: HTTP ${res.status}`);
  return sitesResponseSchema.parse(await res.json()).sites;
}

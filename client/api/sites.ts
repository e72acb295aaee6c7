// GET /api/sites: the site registry, validated like every message from the server.
import { z } from 'zod';
import { type SiteInfo, siteInfoSchema } from '../../shared/sites/registry';

const sitesResponseSchema = z.object({ sites: z.array(siteInfoSchema) });

export async function fetchSites(signal?: AbortSignal): Promise<SiteInfo[]> {
  const res = await fetch('/api/sites', { signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /api/sites: HTTP ${res.status}`);
  return sitesResponseSchema.parse(await res.json()).sites;
}

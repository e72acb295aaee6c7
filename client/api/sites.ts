// GET /api/sites: the site registry, validated like every message from the server.
import { type SiteInfo, sitesResponseSchema } from '../../shared/sites/registry';
import { apiFetch } from './auth';

export async function fetchSites(signal?: AbortSignal): Promise<SiteInfo[]> {
  const res = await apiFetch('/api/sites', signal ? { signal } : {});
  if (!res.ok) throw new Error(`GET /api/sites: HTTP ${res.status}`);
  return sitesResponseSchema.parse(await res.json()).sites;
}

// Which sites a request covers: one site, one region, or (neither given) every site in the registry.
import { PortpulseError } from '../../../shared/errors';
import type { Scope } from '../../../shared/indices/api';
import { regions } from '../../../shared/sites/regions';
import type { SiteInfo } from '../../../shared/sites/registry';

export function resolveScope(sites: readonly SiteInfo[], site?: string, region?: string): Scope {
  if (site !== undefined && region !== undefined)
    throw new PortpulseError('invalid', 'give site or region, not both (omit both for all sites)');
  if (site !== undefined) {
    const s = sites.find((x) => x.id === site);
    if (!s)
      throw new PortpulseError('invalid', `unknown site "${site}"; see GET /api/sites`, { field: 'site' });
    return { kind: 'site', id: s.id, name: s.name_zh ? `${s.name} · ${s.name_zh}` : s.name, sites: [s.id] };
  }
  if (region !== undefined) {
    if (!(regions as readonly string[]).includes(region))
      throw new PortpulseError('invalid', `unknown region "${region}"; use one of ${regions.join(', ')}`, {
        field: 'region',
      });
    const ids = sites.filter((s) => s.region === region).map((s) => s.id);
    if (ids.length === 0)
      throw new PortpulseError('invalid', `no site of the registry is in the ${region} region`, {
        field: 'region',
      });
    return { kind: 'region', id: region, name: `${region} region`, sites: ids };
  }
  return { kind: 'all', id: null, name: 'All sites', sites: sites.map((s) => s.id) };
}

// GET /api/kpis/network: every site's live KPI row, newest event and active alerts, validated at the edge.
import { type NetworkResponse, networkResponseSchema } from '../../shared/live/network';
import { apiFetch } from './auth';

export async function fetchNetwork(signal?: AbortSignal): Promise<NetworkResponse> {
  const res = await apiFetch('/api/kpis/network', signal ? { signal } : {});
  if (!res.ok) throw new Error(`GET /api/kpis/network: HTTP ${res.status}`);
  return networkResponseSchema.parse(await res.json());
}

// GET /api/kpis/lanes: flow per gate lane, validated at the edge.
import { type LaneFlowsResponse, laneFlowsResponseSchema } from '../../shared/live/lane-flows';
import { apiFetch } from './auth';

export async function fetchLaneFlows(site: string, signal?: AbortSignal): Promise<LaneFlowsResponse> {
  const res = await apiFetch(`/api/kpis/lanes?site=${encodeURIComponent(site)}`, signal ? { signal } : {});
  if (!res.ok) throw new Error(`GET /api/kpis/lanes: HTTP ${res.status}`);
  return laneFlowsResponseSchema.parse(await res.json());
}

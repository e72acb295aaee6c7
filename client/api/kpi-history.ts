// GET /api/kpis/history: past KPI rows of a site, validated at the edge like every live message.
import {
  type HistoryRange,
  type KpiHistoryResponse,
  kpiHistoryResponseSchema,
} from '../../shared/live/kpi-history';
import { apiFetch } from './auth';

export async function fetchKpiHistory(
  site: string,
  range: HistoryRange,
  signal?: AbortSignal,
): Promise<KpiHistoryResponse> {
  const query = new URLSearchParams({ site, range });
  const res = await apiFetch(`/api/kpis/history?${query}`, {
    signal,
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`GET /api/kpis/history: HTTP ${res.status}`);
  return kpiHistoryResponseSchema.parse(await res.json());
}

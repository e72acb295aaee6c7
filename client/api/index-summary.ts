// GET /api/indices?month=: the monthly index summary of all sites (the wall's rotation page), validated.

import { type IndicesResponse, indicesResponseSchema } from '../../shared/indices/api';
import { DEFAULT_TIME_ZONE } from '../../shared/sites/registry';
import { apiFetch } from './auth';

/** The current month as YYYY-MM in a time zone (index months are calendar months of the scope's zone). */
export function currentMonth(now: number, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .format(now)
    .slice(0, 7);
}

export async function fetchIndexSummary(month: string, signal?: AbortSignal): Promise<IndicesResponse> {
  const res = await apiFetch(`/api/indices?month=${encodeURIComponent(month)}`, {
    signal,
    headers: { accept: 'application/json' },
  });
  if (!res.ok) throw new Error(`GET /api/indices: HTTP ${res.status}`);
  return indicesResponseSchema.parse(await res.json());
}

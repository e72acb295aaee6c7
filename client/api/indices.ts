// GET /api/indices/series: the analyst view's monthly rows (JSON, validated) and the CSV download link.
import { type SeriesResponse, seriesResponseSchema } from '../../shared/indices/api';
import { apiFetch } from './auth';

export interface SeriesQuery {
  from: string;
  to: string;
  base: string;
  site?: string;
  region?: string;
}

export function seriesPath(q: SeriesQuery, format: 'json' | 'csv' = 'json'): string {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  if (q.site) p.set('site', q.site);
  if (q.region) p.set('region', q.region);
  p.set('base', q.base);
  if (format === 'csv') p.set('format', 'csv');
  return `/api/indices/series?${p}`;
}

export async function fetchSeries(q: SeriesQuery, signal?: AbortSignal): Promise<SeriesResponse> {
  const res = await apiFetch(seriesPath(q), signal ? { signal } : {});
  const body = (await res.json().catch(() => undefined)) as { message?: unknown } | undefined;
  if (!res.ok) {
    const message = body?.message;
    throw new Error(typeof message === 'string' ? message : `GET /api/indices/series: HTTP ${res.status}`);
  }
  return seriesResponseSchema.parse(body);
}

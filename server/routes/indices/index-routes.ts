// The index endpoints (docs/indices.md): monthly indices, their series (JSON or CSV), rolling indices.
import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps';
import { getIndices } from './get-indices';
import { getRolling } from './get-rolling';
import { getSeries } from './get-series';

export function indexRoutes(deps: AppDeps): Hono {
  return new Hono()
    .get('/api/indices', getIndices(deps))
    .get('/api/indices/series', getSeries(deps))
    .get('/api/kpis/rolling', getRolling(deps));
}

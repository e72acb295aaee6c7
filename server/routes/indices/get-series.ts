// GET /api/indices/series?from=&to=[&site=|&region=][&base=][&weights=][&format=csv]: one row per month.
import type { Context } from 'hono';
import type { SeriesResponse } from '../../../shared/indices/api';
import { monthRange } from '../../../shared/indices/calendar';
import { monthlyIndices } from '../../../shared/indices/monthly';
import type { AppDeps } from '../../app-deps';
import { parseQuery } from '../parse-query';
import { monthQuery, rejectFuture } from './month-query';
import { seriesQuerySchema } from './query-params';
import { csvFileName, seriesCsv } from './series-csv';

export function getSeries(deps: AppDeps) {
  return (c: Context) => {
    const q = parseQuery(seriesQuerySchema, c.req.query());
    const { scope, months, rule, weights } = monthQuery(deps, q);
    rejectFuture(q.to, 'to', months);
    const rows = monthRange(q.from, q.to).map((m) => monthlyIndices(m, rule, months.data, weights));
    if (q.format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${csvFileName(scope, q.from, q.to)}"`);
      return c.body(seriesCsv(scope, rows));
    }
    const base = { mode: rule.mode, month: rule.mode === 'fixed' ? rule.month : null };
    return c.json({ from: q.from, to: q.to, scope, base, rows } satisfies SeriesResponse);
  };
}

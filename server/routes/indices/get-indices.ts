// GET /api/indices?month=YYYY-MM[&site=|&region=][&base=yoy|YYYY-MM][&weights=]: one month of a scope.
import type { Context } from 'hono';
import type { IndicesResponse } from '../../../shared/indices/api';
import { monthlyIndices } from '../../../shared/indices/monthly';
import type { AppDeps } from '../../app-deps';
import { parseQuery } from '../parse-query';
import { monthQuery, rejectFuture } from './month-query';
import { indicesQuerySchema } from './query-params';

export function getIndices(deps: AppDeps) {
  return (c: Context) => {
    const q = parseQuery(indicesQuerySchema, c.req.query());
    const { scope, months, rule, weights } = monthQuery(deps, q);
    rejectFuture(q.month, 'month', months);
    const { month, base, partial, indices } = monthlyIndices(q.month, rule, months.data, weights);
    return c.json({ month, scope, base, partial, indices } satisfies IndicesResponse);
  };
}

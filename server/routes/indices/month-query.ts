// What the monthly endpoints share: scope, base rule and weights from the query, and the scope's months.
import { PortpulseError } from '../../../shared/errors';
import type { Scope } from '../../../shared/indices/api';
import type { MonthKey } from '../../../shared/indices/calendar';
import type { BaseRule } from '../../../shared/indices/monthly';
import { defaultWeights, type Weights } from '../../../shared/indices/weights';
import type { AppDeps } from '../../app-deps';
import { type ScopeMonths, scopeMonths } from '../../rollups/scope-month-data';
import { resolveScope } from './scope';

export interface MonthQuery {
  scope: Scope;
  months: ScopeMonths;
  rule: BaseRule;
  weights: Weights;
}

export function monthQuery(
  deps: AppDeps,
  q: { site?: string | undefined; region?: string | undefined; base: string; weights?: Weights | undefined },
): MonthQuery {
  const scope = resolveScope(deps.sites, q.site, q.region);
  const months = scopeMonths(deps.rollups, scope.sites, Date.now());
  const rule: BaseRule = q.base === 'yoy' ? { mode: 'yoy' } : { mode: 'fixed', month: q.base };
  if (rule.mode === 'fixed') rejectFuture(rule.month, 'base', months);
  return { scope, months, rule, weights: q.weights ?? defaultWeights };
}

/** A month after the scope's current one has no data yet by definition: say so instead of a row of nulls. */
export function rejectFuture(month: MonthKey, param: string, months: ScopeMonths): void {
  if (month > months.currentMonth)
    throw new PortpulseError(
      'invalid',
      `${param} ${month} has not started yet (the current month is ${months.currentMonth})`,
      {
        field: param,
      },
    );
}

// What the analyst is looking at (month, scope, base, months charted), kept in the URL so a refresh or a
// shared link shows the same table.
import { addMonths, isMonthKey, type MonthKey } from '../../../shared/indices/calendar';

export type ScopeChoice = { kind: 'all' } | { kind: 'region'; id: string } | { kind: 'site'; id: string };

export interface AnalystState {
  month: MonthKey;
  scope: ScopeChoice;
  /** "yoy" or a fixed base month. */
  base: 'yoy' | MonthKey;
  /** How many months the charts show, ending at `month`. */
  span: number;
}

export const spans = [12, 24, 36] as const;

export function stateFromUrl(search: string, latestComplete: MonthKey): AnalystState {
  const p = new URLSearchParams(search);
  const month = p.get('month') ?? '';
  const base = p.get('base') ?? 'yoy';
  const span = Number(p.get('months'));
  const site = p.get('site');
  const region = p.get('region');
  return {
    month: isMonthKey(month) ? month : latestComplete,
    scope: site ? { kind: 'site', id: site } : region ? { kind: 'region', id: region } : { kind: 'all' },
    base: base === 'yoy' || isMonthKey(base) ? base : 'yoy',
    span: (spans as readonly number[]).includes(span) ? span : 24,
  };
}

export function writeStateToUrl(s: AnalystState): void {
  const url = new URL(location.href);
  const p = new URLSearchParams({ view: 'analyst', month: s.month });
  if (s.scope.kind !== 'all') p.set(s.scope.kind, s.scope.id);
  p.set('base', s.base);
  p.set('months', String(s.span));
  url.search = p.toString();
  history.replaceState(null, '', url);
}

/** The series the view asks for: `span` months ending at the chosen one. */
export function seriesQueryOf(s: AnalystState) {
  return {
    from: addMonths(s.month, -(s.span - 1)),
    to: s.month,
    base: s.base,
    ...(s.scope.kind === 'site' ? { site: s.scope.id } : {}),
    ...(s.scope.kind === 'region' ? { region: s.scope.id } : {}),
  };
}

export function scopeValue(scope: ScopeChoice): string {
  return scope.kind === 'all' ? 'all' : `${scope.kind}:${scope.id}`;
}

export function scopeFromValue(value: string): ScopeChoice {
  const [kind, id] = value.split(':');
  return (kind === 'site' || kind === 'region') && id ? { kind, id } : { kind: 'all' };
}

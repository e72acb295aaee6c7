// Which routes take an alert: in file order, a route matches when every given label is among its values (a
// route without `match` takes everything); the first matching route takes it unless it says `continue`.
import type { Alert } from '../../../shared/live/alerts';
import type { Route, RouteMatch } from '../rules-file/rules-schema';

export interface AlertLabels {
  site: string;
  region: string;
  kind: Alert['kind'];
  severity: Alert['severity'];
  id: string;
}

export function labelsOf(a: Alert, region: string): AlertLabels {
  return { site: a.site, region, kind: a.kind, severity: a.severity, id: a.id };
}

export function routeMatches(m: RouteMatch | undefined, l: AlertLabels): boolean {
  if (!m) return true;
  return (
    (m.site === undefined || m.site.includes(l.site)) &&
    (m.region === undefined || (m.region as string[]).includes(l.region)) &&
    (m.kind === undefined || m.kind.includes(l.kind)) &&
    (m.severity === undefined || m.severity.includes(l.severity))
  );
}

/** Indexes of the routes that take the alert. */
export function matchingRoutes(routes: readonly Route[], l: AlertLabels): number[] {
  const out: number[] = [];
  for (let i = 0; i < routes.length; i++) {
    if (!routeMatches(routes[i]!.match, l)) continue;
    out.push(i);
    if (!routes[i]!.continue) break;
  }
  return out;
}

// Live KPIs for every site in the registry, fed by ingest; unknown sites are tracked too (a collector may
// be ahead of the registry) but flagged by the caller.
import type { KpiRow } from '../../shared/live/kpi-columns';
import type { EventConsumer } from '../ingest/event-fanout';
import type { AcceptedEvent } from '../ingest/ingest';
import { SiteKpis, type SiteKpisState } from './site-kpis';

export class RollingKpis implements EventConsumer {
  private readonly sites = new Map<string, SiteKpis>();

  constructor(siteIds: string[]) {
    for (const id of siteIds) this.sites.set(id, new SiteKpis());
  }

  /** Every origin counts: replayed and historical events fill the windows as live ones do. */
  onEvents(events: AcceptedEvent[]): void {
    for (const { event, arrivedMs } of events) this.site(event.site).add(event, arrivedMs);
  }

  site(id: string): SiteKpis {
    let s = this.sites.get(id);
    if (!s) {
      s = new SiteKpis();
      this.sites.set(id, s);
    }
    return s;
  }

  siteIds(): string[] {
    return [...this.sites.keys()];
  }

  row(site: string, nowMs: number): KpiRow {
    return this.site(site).row(nowMs);
  }

  lastEventAt(): Record<string, number | null> {
    return Object.fromEntries([...this.sites].map(([id, s]) => [id, s.lastEventAt]));
  }

  /** Every site's windows (live-state checkpoint). */
  exportState(): Record<string, SiteKpisState> {
    return Object.fromEntries([...this.sites].map(([id, s]) => [id, s.exportState()]));
  }

  importState(s: Record<string, SiteKpisState>): void {
    for (const [id, state] of Object.entries(s)) this.site(id).importState(state);
  }
}

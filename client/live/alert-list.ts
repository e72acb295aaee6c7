// The alerts of one site as the client knows them: replaced by a snapshot, upserted by id from appends
// (an update or a clear arrives as the alert's newest state), bounded in both lists.
import type { Alert } from '../../shared/live/alerts';

const severityRank = { critical: 0, warning: 1 } as const;

export class AlertList {
  private readonly activeById = new Map<string, Alert>();
  private recentList: Alert[] = [];
  private version = 0;

  constructor(
    private readonly maxActive = 200,
    private readonly maxRecent = 50,
  ) {}

  get revision(): number {
    return this.version;
  }

  clear(): void {
    this.activeById.clear();
    this.recentList = [];
    this.version++;
  }

  replace(active: readonly Alert[], recent: readonly Alert[]): void {
    this.clear();
    this.upsert([...recent].reverse());
    this.upsert(active);
  }

  /** Applies the newest states of some alerts; a cleared one moves from active to recent. */
  upsert(alerts: readonly Alert[]): void {
    for (const a of alerts) {
      if (a.clearedAt === null) {
        this.activeById.set(a.id, a);
        continue;
      }
      this.activeById.delete(a.id);
      this.recentList = [a, ...this.recentList.filter((r) => r.id !== a.id)].slice(0, this.maxRecent);
    }
    while (this.activeById.size > this.maxActive) {
      const oldest = this.active().at(-1)!;
      this.activeById.delete(oldest.id);
    }
    if (alerts.length > 0) this.version++;
  }

  /** Active alerts: critical first, then the newest. */
  active(): Alert[] {
    return [...this.activeById.values()].sort(
      (a, b) => severityRank[a.severity] - severityRank[b.severity] || b.startedAt - a.startedAt,
    );
  }

  /** Cleared alerts, last cleared first. */
  recent(): readonly Alert[] {
    return this.recentList;
  }
}

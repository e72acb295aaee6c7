// The alerts of one site as the client knows them: replaced by a snapshot, upserted by id from appends
// (an update or a clear arrives as the alert's newest state). Bounded by count in both lists, and the cleared
// ones also by age: one cleared more than `maxAgeMs` before the newest server time seen is dropped. Active
// alerts are never dropped by age: they are conditions still open on the server (a collector silent for two
// days must stay on screen), their clear always comes on the same socket, and a reconnect replaces them all.
import type { Alert } from '../../shared/live/alerts';
import { DAY_MS } from './event-list';

const severityRank = { critical: 0, warning: 1 } as const;

export class AlertList {
  private readonly activeById = new Map<string, Alert>();
  private recentList: Alert[] = [];
  private version = 0;
  /** The newest server time seen (epoch ms), from status messages and the alerts' own times. */
  private clockMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxActive = 200,
    private readonly maxRecent = 50,
    private readonly maxAgeMs = DAY_MS,
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

  /** The server's clock moved on (a status or hello message): drops cleared alerts that grew too old. */
  observeTime(serverNowMs: number): boolean {
    if (serverNowMs <= this.clockMs) return false;
    this.clockMs = serverNowMs;
    if (!this.evictOld()) return false;
    this.version++;
    return true;
  }

  /** Applies the newest states of some alerts; a cleared one moves from active to recent. */
  upsert(alerts: readonly Alert[]): void {
    for (const a of alerts) {
      if (a.updatedAt > this.clockMs) this.clockMs = a.updatedAt;
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
    this.evictOld();
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

  private evictOld(): boolean {
    const oldest = this.clockMs - this.maxAgeMs;
    const kept = this.recentList.filter((a) => a.clearedAt! >= oldest);
    if (kept.length === this.recentList.length) return false;
    this.recentList = kept;
    return true;
  }
}

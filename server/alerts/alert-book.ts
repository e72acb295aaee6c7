// The alert state machine: an alert is raised once per condition (keyed), updated in place while it lasts
// (visible changes at most every `minUpdateMs`, severity changes at once), and cleared once; cleared alerts
// are kept per site in a short recent list. Changes queue up until the next broadcast tick drains them.
import type { Ack } from '../../shared/alerting/ack';
import type { AlertTransition } from '../../shared/alerting/history';
import type { Alert, AlertSet } from '../../shared/live/alerts';

type Lifecycle = 'id' | 'startedAt' | 'updatedAt' | 'clearedAt' | 'ack';
/** What a rule says about a condition: the alert without its lifecycle fields. */
export type AlertInput = Alert extends infer A ? (A extends Alert ? Omit<A, Lifecycle> : never) : never;

export interface AlertBookOptions {
  /** Cleared alerts kept per site. */
  recentPerSite: number;
  /** An update that changes only values (not severity) is sent at most this often. */
  minUpdateMs: number;
  /** Told of every raise, escalation (warning → critical) and clear, for notifications and the history. */
  onTransition?: (alert: Alert, transition: AlertTransition) => void;
  /** A kept acknowledgement of an alert id (an alert raised again after a restart shows it). */
  ackOf?: (id: string) => Ack | undefined;
}

export class AlertBook {
  private readonly active = new Map<string, Alert>();
  private readonly recent = new Map<string, Alert[]>();
  private readonly changed = new Map<string, Alert>();

  constructor(private readonly opts: AlertBookOptions) {}

  isActive(key: string): boolean {
    return this.active.has(key);
  }

  get(key: string): Alert | undefined {
    return this.active.get(key);
  }

  /** Keys of the active alerts whose key starts with `prefix`. */
  activeKeys(prefix = ''): string[] {
    return [...this.active.keys()].filter((k) => k.startsWith(prefix));
  }

  /** Raises the condition `key` (started at `startedAt`) or updates it; returns the alert's current state. */
  raise(key: string, input: AlertInput, startedAt: number, now: number): Alert {
    const prev = this.active.get(key);
    if (!prev) {
      const id = `${key}:${startedAt}`;
      const alert = {
        ...input,
        id,
        startedAt,
        updatedAt: now,
        clearedAt: null,
        ack: this.opts.ackOf?.(id) ?? null,
      } as Alert;
      this.active.set(key, alert);
      this.changed.set(alert.id, alert);
      this.opts.onTransition?.(alert, 'raised');
      return alert;
    }
    const next = { ...prev, ...input, updatedAt: prev.updatedAt } as Alert;
    if (sameValues(prev, next)) return prev;
    if (next.severity === prev.severity && now - prev.updatedAt < this.opts.minUpdateMs) return prev;
    next.updatedAt = now;
    this.active.set(key, next);
    this.changed.set(next.id, next);
    if (prev.severity === 'warning' && next.severity === 'critical')
      this.opts.onTransition?.(next, 'escalated');
    return next;
  }

  /** Ends the condition `key` if it is active. */
  clear(key: string, now: number): void {
    const prev = this.active.get(key);
    if (!prev) return;
    this.active.delete(key);
    const cleared = { ...prev, updatedAt: now, clearedAt: now } as Alert;
    const list = this.recent.get(prev.site) ?? [];
    list.unshift(cleared);
    list.length = Math.min(list.length, this.opts.recentPerSite);
    this.recent.set(prev.site, list);
    this.changed.set(cleared.id, cleared);
    this.opts.onTransition?.(cleared, 'cleared');
  }

  /** An active alert by its id. */
  findById(id: string): Alert | undefined {
    for (const a of this.active.values()) if (a.id === id) return a;
    return undefined;
  }

  /** A cleared alert still in its site's recent list. */
  findRecent(id: string): Alert | undefined {
    for (const list of this.recent.values()) for (const a of list) if (a.id === id) return a;
    return undefined;
  }

  /** Puts an acknowledgement on an active alert; the change goes out with the next drain. */
  setAck(id: string, ack: Ack): Alert | undefined {
    for (const [key, a] of this.active) {
      if (a.id !== id) continue;
      const next = { ...a, ack } as Alert;
      this.active.set(key, next);
      this.changed.set(id, next);
      return next;
    }
    return undefined;
  }

  /** A site's active alerts (newest first) and its recently cleared ones (last cleared first). */
  snapshot(site: string): AlertSet {
    const active = [...this.active.values()]
      .filter((a) => a.site === site)
      .sort((a, b) => b.startedAt - a.startedAt);
    return { active, recent: [...(this.recent.get(site) ?? [])] };
  }

  /** The newest state of every alert changed since the last call, by site. */
  drainChanges(): Map<string, Alert[]> {
    const bySite = new Map<string, Alert[]>();
    for (const a of this.changed.values()) {
      const list = bySite.get(a.site);
      if (list) list.push(a);
      else bySite.set(a.site, [a]);
    }
    this.changed.clear();
    return bySite;
  }

  /** Active, recently cleared and not yet broadcast alerts (live-state checkpoint). */
  exportState(): AlertBookState {
    return { active: [...this.active], recent: [...this.recent], changed: [...this.changed] };
  }

  importState(s: AlertBookState): void {
    for (const [map, entries] of [
      [this.active, s.active],
      [this.changed, s.changed],
    ] as const) {
      map.clear();
      for (const [k, a] of entries) map.set(k, a);
    }
    this.recent.clear();
    for (const [k, list] of s.recent) this.recent.set(k, list);
  }
}

function sameValues(a: Alert, b: Alert): boolean {
  const keys = Object.keys(b) as (keyof Alert)[];
  return keys.every((k) => a[k] === b[k]);
}

export interface AlertBookState {
  active: [string, Alert][];
  recent: [string, Alert[]][];
  changed: [string, Alert][];
}

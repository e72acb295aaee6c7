// Turns alert transitions into notifications, as Alertmanager's dispatcher does: each transition goes to the
// routes that match it, into a group per route and `group_by` values; a new group waits `group_wait` before its
// first message, later changes wait until `group_interval` after the previous one, and alerts still active and
// unacknowledged are repeated every `repeat_interval`. Silenced alerts and routes inside a mute timing send
// nothing (recorded in the history as such). What already went to a channel is skipped (Ledger). In a cluster
// every node keeps the groups, but only the notifier sends; the others drop what the ledger shows handled, so
// a node taking over sends exactly what is still owed.
import { createHash } from 'node:crypto';
import type { AlertTransition, HistoryEntry } from '../../../shared/alerting/history';
import type { Alert } from '../../../shared/live/alerts';
import { itemKey, type Notification, type NotificationItem } from '../outbox/notification';
import type { MuteTiming, Route } from '../rules-file/rules-schema';
import type { Ledger } from './ledger';
import { isMuted } from './mute-timing';
import { type AlertLabels, labelsOf, matchingRoutes } from './route-match';
import type { SilenceBook } from './silence-book';

export interface DispatchRules {
  routes: readonly Route[];
  muteTimings: ReadonlyMap<string, MuteTiming>;
}

export interface DispatcherOptions {
  rules(): DispatchRules;
  regionOf(site: string): string;
  silences: SilenceBook;
  ledger: Ledger;
  /** The alert's acknowledgement now (repeats stop once acknowledged). */
  isAcked(alertId: string): boolean;
  enqueue(n: Notification): Promise<void>;
  record(entries: HistoryEntry[]): Promise<void>;
  onError(e: unknown): void;
}

interface Group {
  key: string;
  routeKey: string;
  route: Route;
  pending: Map<string, NotificationItem>;
  firstPendingAt: number;
  lastFlushAt: number | undefined;
  active: Map<string, Alert>;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
/** A route is known by its content, so a reload that keeps it keeps its groups and their timers. */
const routeKeyOf = (r: Route) => hash(JSON.stringify(r));

export class Dispatcher {
  private readonly groups = new Map<string, Group>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: DispatcherOptions) {}

  onTransition(alert: Alert, transition: AlertTransition, now: number): void {
    const labels = labelsOf(alert, this.opts.regionOf(alert.site));
    const { routes } = this.opts.rules();
    for (const i of matchingRoutes(routes, labels)) {
      const route = routes[i]!;
      const routeKey = routeKeyOf(route);
      const key = `${routeKey}:${route.group_by.map((l) => labels[l]).join(',')}`;
      let g = this.groups.get(key);
      if (!g) {
        g = {
          key,
          routeKey,
          route,
          pending: new Map(),
          firstPendingAt: now,
          lastFlushAt: undefined,
          active: new Map(),
        };
        this.groups.set(key, g);
      }
      if (g.pending.size === 0) g.firstPendingAt = now;
      const prev = g.pending.get(alert.id);
      // A raise not sent yet stays a raise (at the new severity).
      const t: AlertTransition =
        prev?.transition === 'raised' && transition === 'escalated' ? 'raised' : transition;
      g.pending.set(alert.id, { transition: t, alert });
      if (transition === 'cleared') g.active.delete(alert.id);
      else g.active.set(alert.id, alert);
    }
  }

  /**
   * Sends what is due (`sending`: this node is the notifier) or forgets what another node already handled;
   * call about once a second. Flushes run one after the other.
   */
  tick(now: number, sending = true): Promise<void> {
    this.flushing = this.flushing
      .then(() => (sending ? this.flushDue(now) : this.forgetHandled(now)))
      .catch((e) => this.opts.onError(e));
    return this.flushing;
  }

  /**
   * Not the notifier: pending items every channel of the route already handled (their notification or
   * outcome came through the stream) are dropped; a clear whose raise went nowhere goes nowhere either.
   */
  private forgetHandled(now: number): void {
    const { routes } = this.opts.rules();
    const liveRoutes = new Map(routes.map((r) => [routeKeyOf(r), r]));
    const { ledger } = this.opts;
    for (const g of [...this.groups.values()]) {
      const route = liveRoutes.get(g.routeKey);
      if (!route) {
        this.groups.delete(g.key);
        continue;
      }
      for (const [id, i] of g.pending)
        if (
          route.channels.every(
            (c) => ledger.handled(c, itemKey(i)) || (i.transition === 'cleared' && !ledger.announced(c, id)),
          )
        )
          g.pending.delete(id);
      if (g.pending.size === 0 && g.active.size === 0) this.groups.delete(g.key);
      // Repeats, should this node take over, count from then.
      else if (g.pending.size === 0) g.lastFlushAt ??= now;
    }
  }

  private async flushDue(now: number): Promise<void> {
    const rules = this.opts.rules();
    const liveRoutes = new Map(rules.routes.map((r) => [routeKeyOf(r), r]));
    for (const g of [...this.groups.values()]) {
      const route = liveRoutes.get(g.routeKey);
      if (!route) {
        this.groups.delete(g.key); // its route is gone from the reloaded file
        continue;
      }
      if (g.pending.size > 0) {
        const due =
          g.lastFlushAt === undefined
            ? g.firstPendingAt + route.group_wait
            : g.lastFlushAt + route.group_interval;
        if (now >= due) await this.flush(g, route, rules, [...g.pending.values()], now);
      } else if (g.lastFlushAt !== undefined && now >= g.lastFlushAt + route.repeat_interval) {
        const reminders = [...g.active.values()]
          .filter((a) => !this.opts.isAcked(a.id))
          .map((alert) => ({ transition: 'repeat' as const, alert }));
        if (reminders.length > 0) await this.flush(g, route, rules, reminders, now);
        else g.lastFlushAt = now;
      }
      if (
        g.pending.size === 0 &&
        g.active.size === 0 &&
        g.lastFlushAt !== undefined &&
        now - g.lastFlushAt > route.group_interval
      )
        this.groups.delete(g.key);
    }
  }

  private async flush(g: Group, route: Route, rules: DispatchRules, items: NotificationItem[], now: number) {
    g.pending.clear();
    g.lastFlushAt = now;
    const records: HistoryEntry[] = [];
    const labelsOfItem = (i: NotificationItem): AlertLabels =>
      labelsOf(i.alert, this.opts.regionOf(i.alert.site));
    const loud: NotificationItem[] = [];
    for (const i of items) {
      const silence = this.opts.silences.silencing(labelsOfItem(i), now);
      if (!silence) loud.push(i);
      else
        for (const channel of route.channels)
          if (!this.opts.ledger.handled(channel, itemKey(i))) {
            this.opts.ledger.mark(channel, [itemKey(i)], false);
            records.push(
              this.record(i, channel, 'silenced', now, `silence ${silence.id}: ${silence.reason}`),
            );
          }
    }
    const mute = route.mute_timings.find((name) => {
      const m = rules.muteTimings.get(name);
      return m !== undefined && isMuted(m, now);
    });
    for (const channel of route.channels) {
      const fresh = loud.filter((i) => {
        if (i.transition === 'repeat') return true;
        if (this.opts.ledger.handled(channel, itemKey(i))) return false;
        // A clear goes only where the raise went.
        return i.transition !== 'cleared' || this.opts.ledger.announced(channel, i.alert.id);
      });
      if (fresh.length === 0) continue;
      if (mute) {
        for (const i of fresh) {
          if (i.transition !== 'repeat') this.opts.ledger.mark(channel, [itemKey(i)], false);
          records.push(this.record(i, channel, 'muted', now, `mute timing ${mute}`));
        }
        continue;
      }
      const keys = fresh.map(itemKey);
      const id = hash(
        `${channel}\n${keys.join('\n')}${fresh.some((i) => i.transition === 'repeat') ? `\n${now}` : ''}`,
      );
      this.opts.ledger.mark(
        channel,
        keys.filter((k) => !k.includes('|repeat|')),
        true,
      );
      await this.opts.enqueue({ id, channel, createdAt: now, groupKey: g.key, items: fresh });
    }
    if (records.length > 0) await this.opts.record(records);
  }

  private record(
    i: NotificationItem,
    channel: string,
    outcome: 'muted' | 'silenced',
    now: number,
    detail: string,
  ): HistoryEntry {
    return {
      type: 'notification',
      at: now,
      site: i.alert.site,
      notificationId: '',
      channel,
      alertIds: [i.alert.id],
      keys: [itemKey(i)],
      outcome,
      detail,
    };
  }

  /** Groups waiting or remembered (for tests and /metrics). */
  get groupCount(): number {
    return this.groups.size;
  }
}

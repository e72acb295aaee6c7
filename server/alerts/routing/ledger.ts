// What was already notified, per channel, so that an alert raised again after a restart (the log replay brings
// back the same alert ids) is not announced twice, and a clear goes only where the raise went. Rebuilt at
// start from the history's notification records and the outbox's pending files.
import type { HistoryEntry } from '../../../shared/alerting/history';
import type { Notification } from '../outbox/notification';
import { itemKey } from '../outbox/notification';

export class Ledger {
  /** `<channel>|<alert id>|<transition>|<severity>` handled in any way (sent, queued, muted, silenced). */
  private readonly handledKeys = new Set<string>();
  /** `<channel>|<alert id>` whose raise went out (or is queued). */
  private readonly announcedIds = new Set<string>();
  private readonly doneIds = new Set<string>();

  static from(history: readonly HistoryEntry[], pending: readonly Notification[]): Ledger {
    const l = new Ledger();
    for (const e of history) {
      if (e.type !== 'notification') continue;
      const announced = e.outcome === 'sent' || e.outcome === 'failed' || e.outcome === 'expired';
      l.mark(e.channel, e.keys, announced);
      if (announced) l.doneIds.add(e.notificationId);
    }
    for (const n of pending) l.mark(n.channel, n.items.map(itemKey), true);
    return l;
  }

  mark(channel: string, keys: readonly string[], announced: boolean): void {
    for (const k of keys) {
      this.handledKeys.add(`${channel}|${k}`);
      if (announced && !k.includes('|cleared|')) this.announcedIds.add(`${channel}|${k.split('|')[0]}`);
    }
  }

  markDone(id: string): void {
    this.doneIds.add(id);
  }

  handled(channel: string, key: string): boolean {
    return this.handledKeys.has(`${channel}|${key}`);
  }

  announced(channel: string, alertId: string): boolean {
    return this.announcedIds.has(`${channel}|${alertId}`);
  }

  /** The notification's outcome is in the history (its outbox file can go). */
  isDone(notificationId: string): boolean {
    return this.doneIds.has(notificationId);
  }
}

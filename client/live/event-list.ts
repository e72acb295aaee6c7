// Recent events of one site, per measurement, newest first by event time, for the boards. Bounded twice: at
// most `maxPerKind` per kind, and nothing older than `maxAgeMs` before the newest time seen (the newest event
// or the server clock from status messages), so a quiet kind's last events do not linger for days. A revised
// departure replaces the row of the version it revises.
import type { Measurement, PortEvent } from '../../shared/events/event';
import { isRevisionOf } from '../../shared/events/flight-departure';

export type EventOf<M extends Measurement> = Extract<PortEvent, { measurement: M }>;

export const DAY_MS = 24 * 3_600_000;

/** Whether `a` is a revision of the departure version `b` (see isRevisionOf). */
const supersedes = (a: PortEvent, b: PortEvent): boolean =>
  a.measurement === 'flight_departure' && b.measurement === 'flight_departure' && isRevisionOf(a, b);

export class RecentEvents {
  private readonly byKind = new Map<Measurement, PortEvent[]>();
  private version = 0;
  /** The newest server time seen (epoch ms): events older than this minus maxAgeMs are dropped. */
  private clockMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxPerKind = 50,
    private readonly maxAgeMs = DAY_MS,
  ) {}

  /** Changes on every accepted or evicted event (views re-render only when it moved). */
  get revision(): number {
    return this.version;
  }

  clear(): void {
    this.byKind.clear();
    this.version++;
  }

  /** A snapshot: forget what was there and take these. */
  replace(events: readonly PortEvent[]): void {
    this.clear();
    this.add(events);
  }

  /** The server's clock moved on (a status or hello message): evicts what grew too old; true if any. */
  observeTime(serverNowMs: number): boolean {
    if (serverNowMs <= this.clockMs) return false;
    this.clockMs = serverNowMs;
    if (this.evictOld() === 0) return false;
    this.version++;
    return true;
  }

  /** Adds events in any order (collectors may deliver late ones); returns how many were kept. */
  add(events: readonly PortEvent[]): number {
    let kept = 0;
    let replaced = 0;
    for (const e of events) if (e.time > this.clockMs) this.clockMs = e.time;
    const oldest = this.clockMs - this.maxAgeMs;
    for (const e of events) {
      if (e.time < oldest) continue;
      const list = this.byKind.get(e.measurement) ?? [];
      if (list.length === 0) this.byKind.set(e.measurement, list);
      if (e.measurement === 'flight_departure') {
        // A departure shows once, as last revised: a revision replaces the row it revises, in any order (a
        // version already revised still takes out the one it revised, so chains resolve however they arrive).
        for (let i = list.length - 1; i >= 0; i--)
          if (supersedes(e, list[i]!)) {
            list.splice(i, 1);
            replaced++;
          }
        if (list.some((x) => supersedes(x, e))) continue;
      }
      const at = insertionIndex(list, e.time);
      if (at >= this.maxPerKind) continue; // older than everything a full list holds
      list.splice(at, 0, e);
      if (list.length > this.maxPerKind) list.pop();
      kept++;
    }
    const evicted = this.evictOld();
    if (kept > 0 || evicted > 0 || replaced > 0) this.version++;
    return kept;
  }

  /** Newest first. */
  list<M extends Measurement>(measurement: M): readonly EventOf<M>[] {
    return (this.byKind.get(measurement) ?? []) as EventOf<M>[];
  }

  /** Epoch ms of the newest event of any kind. */
  newestTime(): number | undefined {
    let newest: number | undefined;
    for (const list of this.byKind.values()) {
      const t = list[0]?.time;
      if (t !== undefined && (newest === undefined || t > newest)) newest = t;
    }
    return newest;
  }

  /** Drops every event older than the age limit (lists are newest first: only their tails). */
  private evictOld(): number {
    const oldest = this.clockMs - this.maxAgeMs;
    let evicted = 0;
    for (const list of this.byKind.values()) {
      while (list.length > 0 && list[list.length - 1]!.time < oldest) {
        list.pop();
        evicted++;
      }
    }
    return evicted;
  }
}

/** First index whose event is older than `time` (a newer arrival with an equal time goes first). */
function insertionIndex(list: readonly PortEvent[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.time > time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Recent events of one site, per measurement, newest first by event time and bounded per kind, for the boards.
import type { Measurement, PortEvent } from '../../shared/events/event';

export type EventOf<M extends Measurement> = Extract<PortEvent, { measurement: M }>;

export class RecentEvents {
  private readonly byKind = new Map<Measurement, PortEvent[]>();
  private version = 0;

  constructor(private readonly maxPerKind = 50) {}

  /** Changes on every accepted event (views re-render only when it moved). */
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

  /** Adds events in any order (collectors may deliver late ones); returns how many were kept. */
  add(events: readonly PortEvent[]): number {
    let kept = 0;
    for (const e of events) {
      const list = this.byKind.get(e.measurement) ?? [];
      if (list.length === 0) this.byKind.set(e.measurement, list);
      const at = insertionIndex(list, e.time);
      if (at >= this.maxPerKind) continue; // older than everything a full list holds
      list.splice(at, 0, e);
      if (list.length > this.maxPerKind) list.pop();
      kept++;
    }
    if (kept > 0) this.version++;
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

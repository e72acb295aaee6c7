// Cluster mode: where the live hub is in the cluster's stream, so a client whose node died can resume on
// another node from the last stream seq it saw. Remembers the stream seq of each event in the hub's recent
// buffer (events are the hub's own objects, so a WeakMap forgets them with the buffer), the highest seq seen,
// and per site the highest seq of an event the buffer no longer holds: a resume after a seq below that would
// have a gap, and gets the full snapshot instead. Single-process servers have no seqs; nothing here applies.
import type { PortEvent } from '../../shared/events/event';

export class StreamPositions {
  private readonly seqOf = new WeakMap<PortEvent, number>();
  /** The highest stream seq of any event seen. */
  private highest = 0;
  /** Per site: events of stream seqs up to this are not all in the recent buffer (evicted, or before start). */
  private readonly gone = new Map<string, number>();
  private floor = 0;

  /** Events before this seq came from the local log at start-up, without seqs: a resume must be after it. */
  setFloor(seq: number): void {
    this.floor = Math.max(this.floor, seq);
    this.highest = Math.max(this.highest, seq);
  }

  note(event: PortEvent, seq: number | undefined): void {
    if (seq === undefined) return;
    this.seqOf.set(event, seq);
    if (seq > this.highest) this.highest = seq;
  }

  seq(event: PortEvent): number | undefined {
    return this.seqOf.get(event);
  }

  /** The recent buffer of a site dropped these events. */
  evicted(site: string, events: readonly PortEvent[]): void {
    let max = this.gone.get(site) ?? 0;
    for (const e of events) max = Math.max(max, this.seqOf.get(e) ?? 0);
    this.gone.set(site, max);
  }

  /** The highest seq among these events (undefined when none has one). */
  frameSeq(events: readonly PortEvent[]): number | undefined {
    let max: number | undefined;
    for (const e of events) {
      const s = this.seqOf.get(e);
      if (s !== undefined && (max === undefined || s > max)) max = s;
    }
    return max;
  }

  /**
   * The seq a snapshot or a resume of a site's events reflects: every event of the site up to it was sent
   * or is in the snapshot. `pending` are events of the site not broadcast yet (they follow in an append).
   */
  sentSeq(pending: readonly PortEvent[] | undefined): number {
    let first = Number.POSITIVE_INFINITY;
    for (const e of pending ?? []) first = Math.min(first, this.seqOf.get(e) ?? Number.POSITIVE_INFINITY);
    return first === Number.POSITIVE_INFINITY ? this.highest : first - 1;
  }

  /** Whether the buffer still holds every event of the site after `after` (no gap to hide). */
  canResume(site: string, after: number): boolean {
    return after >= this.floor && after >= (this.gone.get(site) ?? 0);
  }

  get highestSeq(): number {
    return this.highest;
  }
}

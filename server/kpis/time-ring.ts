// A ring of fixed-width time buckets holding several numeric counters each. Buckets are keyed by their
// absolute index (floor(t / width)), so a slot reused after wrapping is reset, and sums over a window
// read only buckets inside it: O(window buckets), no rescans of events.
// exportState() hands out the arrays themselves, copy-on-write: the first write after it copies them, so a
// checkpoint captures every ring at one instant without copying and encodes them over several turns.
export class TimeRing<K extends string> {
  private keys: Float64Array;
  private data: Record<K, Float64Array>;
  /** The arrays are held by an exportState() copy: copy them before writing. */
  private shared = false;

  constructor(
    readonly widthMs: number,
    readonly slots: number,
    counters: readonly K[],
  ) {
    this.keys = new Float64Array(slots).fill(-1);
    this.data = Object.fromEntries(counters.map((c) => [c, new Float64Array(slots)])) as Record<
      K,
      Float64Array
    >;
  }

  private slotFor(timeMs: number): number | undefined {
    const key = Math.floor(timeMs / this.widthMs);
    const slot = ((key % this.slots) + this.slots) % this.slots;
    const held = this.keys[slot]!;
    if (held > key) return undefined; // older than the ring remembers
    this.writable();
    if (held === key) return slot;
    this.keys[slot] = key;
    for (const arr of Object.values<Float64Array>(this.data)) arr[slot] = 0;
    return slot;
  }

  add(timeMs: number, counter: K, amount = 1): void {
    const slot = this.slotFor(timeMs);
    if (slot !== undefined) this.data[counter][slot]! += amount;
  }

  /** Sum of a counter over buckets whose start lies in (nowMs − windowMs, nowMs]. */
  sum(counter: K, nowMs: number, windowMs: number): number {
    const last = Math.floor(nowMs / this.widthMs);
    const n = Math.min(this.slots, Math.ceil(windowMs / this.widthMs));
    const arr = this.data[counter];
    let total = 0;
    for (let key = last - n + 1; key <= last; key++) {
      const slot = ((key % this.slots) + this.slots) % this.slots;
      if (this.keys[slot] === key) total += arr[slot]!;
    }
    return total;
  }

  private writable(): void {
    if (!this.shared) return;
    this.keys = this.keys.slice();
    this.data = Object.fromEntries(
      Object.entries<Float64Array>(this.data).map(([c, a]) => [c, a.slice()]),
    ) as Record<K, Float64Array>;
    this.shared = false;
  }

  /** The buckets as they are now (live-state checkpoint); they never change afterwards (copy-on-write). */
  exportState(): TimeRingState {
    this.shared = true;
    return { keys: this.keys, data: { ...this.data } };
  }

  /** Restores exportState()'s buckets; a ring of another shape is refused (the code changed since). */
  importState(s: TimeRingState): void {
    const counters = Object.keys(this.data);
    if (
      s.keys.length !== this.slots ||
      Object.keys(s.data).length !== counters.length ||
      counters.some((c) => s.data[c]?.length !== this.slots)
    )
      throw new Error('time ring of another shape');
    this.writable();
    this.keys.set(s.keys);
    for (const c of counters) this.data[c as K].set(s.data[c]!);
  }
}

export interface TimeRingState {
  keys: Float64Array;
  data: Record<string, Float64Array>;
}

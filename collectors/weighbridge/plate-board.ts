// Recent plate reads per bridge or camera lane (from the gate-scan collector or an operator), so a weighing
// can take the plate read closest to it in time, within a window. A read is used by one weighing only.

export interface PlateRead {
  plate: string;
  time: number;
  /** Axle count, when the camera or operator gives it. */
  axles?: number;
}

export const bridgeKey = (bridge: string) => `bridge:${bridge}`;
export const laneKey = (gate: string, lane: string) => `lane:${gate}/${lane}`;

export class PlateBoard {
  private readonly reads = new Map<string, PlateRead[]>();

  constructor(private readonly windowMs: number) {}

  add(key: string, read: PlateRead): void {
    const list = this.reads.get(key) ?? [];
    list.push(read);
    this.reads.set(key, list);
  }

  /** Removes and returns the read under any of `keys` closest to `at`, if one lies within the window. */
  take(keys: string[], at: number): PlateRead | undefined {
    let best: { list: PlateRead[]; index: number; gap: number } | undefined;
    for (const key of keys) {
      const list = this.reads.get(key);
      list?.forEach((r, index) => {
        const gap = Math.abs(r.time - at);
        if (gap <= this.windowMs && (!best || gap < best.gap)) best = { list, index, gap };
      });
    }
    if (!best) return undefined;
    return best.list.splice(best.index, 1)[0];
  }

  /** Forgets reads too old to match any weighing still to come. */
  prune(now: number): void {
    for (const [key, list] of this.reads) {
      const kept = list.filter((r) => r.time >= now - 2 * this.windowMs);
      if (kept.length > 0) this.reads.set(key, kept);
      else this.reads.delete(key);
    }
  }
}

// Which departures were already reported (by flight number and SOBT), and where a tailed file was read
// to, kept in a small state file so that restarts report nothing twice. Entries whose SOBT lies more than
// the retention before the newest SOBT seen are forgotten, and records that old are no longer reported (they
// might have been reported and forgotten). Data time, not the wall clock: replays of old feeds work too.
import { readJsonFile, writeFileAtomic } from '../common/runner/atomic-file';
import type { TailPosition } from './feed-source';

interface StateFile {
  seen: Record<string, number>;
  tail: TailPosition;
}

export class SeenDepartures {
  private seen: Map<string, number>;
  /** Records with an SOBT before this are stale (fixed at the last save, so one poll sees one horizon). */
  private horizon: number;
  tail: TailPosition;

  constructor(
    private readonly path: string,
    private readonly retainMs: number,
  ) {
    const state = readJsonFile<StateFile>(path);
    this.seen = new Map(Object.entries(state?.seen ?? {}));
    this.tail = state?.tail ?? { ino: 0, offset: 0 };
    this.horizon = this.newest() - retainMs;
  }

  get size(): number {
    return this.seen.size;
  }

  has(key: string): boolean {
    return this.seen.has(key);
  }

  isStale(sobt: number): boolean {
    return sobt < this.horizon;
  }

  add(key: string, sobt: number): void {
    this.seen.set(key, sobt);
  }

  save(): void {
    this.horizon = this.newest() - this.retainMs;
    for (const [key, sobt] of this.seen) if (sobt < this.horizon) this.seen.delete(key);
    const state: StateFile = { seen: Object.fromEntries(this.seen), tail: this.tail };
    writeFileAtomic(this.path, JSON.stringify(state));
  }

  private newest(): number {
    let newest = Number.NEGATIVE_INFINITY;
    for (const sobt of this.seen.values()) if (sobt > newest) newest = sobt;
    return newest;
  }
}

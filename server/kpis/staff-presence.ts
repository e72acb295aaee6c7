// Who is on site, now or at any instant of the last day: each badge's released scans of the last 48 h, so the
// KPI history can say how many staff were inside at 03:00 yesterday, not only now.
const DAY = 24 * 3_600_000;
/** A badge whose last scan is older than this is forgotten (it left without scanning out). */
export const STAFF_MEMORY_MS = DAY;
/** Scans are kept this long, so a count a day ago can still look a day further back. */
const KEEP_MS = STAFF_MEMORY_MS + DAY + 10 * 60_000;

interface Scan {
  at: number;
  inside: boolean;
}

export class StaffPresence {
  /** badge → its released scans, oldest first. */
  private readonly scans = new Map<string, Scan[]>();
  private newest = 0;

  add(badge: string, at: number, inside: boolean): void {
    const list = this.scans.get(badge) ?? [];
    if (list.length === 0) this.scans.set(badge, list);
    let i = list.length;
    while (i > 0 && list[i - 1]!.at > at) i--; // late scans are rare: walk back from the end
    list.splice(i, 0, { at, inside });
    if (at > this.newest) this.newest = at;
  }

  /**
   * Staff whose last released scan at or before `atMs` was `in` and is at most a day old; null ("no data")
   * when no badge was scanned in the day before `atMs`.
   */
  onSite(atMs: number): number | null {
    this.prune();
    let n = 0;
    let seen = false;
    for (const list of this.scans.values()) {
      let i = list.length - 1;
      while (i >= 0 && list[i]!.at > atMs) i--;
      const last = list[i];
      if (!last || atMs - last.at > STAFF_MEMORY_MS) continue;
      seen = true;
      if (last.inside) n++;
    }
    return seen ? n : null;
  }

  private prune(): void {
    const oldest = this.newest - KEEP_MS;
    for (const [badge, list] of this.scans) {
      if (list[0]!.at >= oldest) continue;
      const keep = list.filter((s) => s.at >= oldest);
      if (keep.length === 0) this.scans.delete(badge);
      else this.scans.set(badge, keep);
    }
  }

  /** Every badge's kept scans (live-state checkpoint). */
  exportState(): StaffPresenceState {
    return {
      newest: this.newest,
      badges: [...this.scans].map(([badge, list]) => [badge, list.map((s) => [s.at, s.inside ? 1 : 0])]),
    };
  }

  importState(s: StaffPresenceState): void {
    this.scans.clear();
    this.newest = s.newest;
    for (const [badge, list] of s.badges)
      this.scans.set(
        badge,
        list.map(([at, inside]) => ({ at, inside: inside === 1 })),
      );
  }
}

export interface StaffPresenceState {
  newest: number;
  badges: [string, [number, 0 | 1][]][];
}

// Per-site columnar history of KPI rows (one per second), bounded by length, for snapshots.
import { type KpiRow, kpiColumns } from '../../shared/live/kpi-columns';
import type { KpiFrame } from '../../shared/live/messages';

export class KpiHistory {
  private readonly t: Float64Array;
  private readonly cols: Float64Array[];
  private start = 0;
  private length = 0;
  /** Bumped by every change of the rows: a snapshot made at one revision is valid while it lasts. */
  revision = 0;

  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity);
    this.cols = kpiColumns.map(() => new Float64Array(capacity));
  }

  get lastT(): number | undefined {
    return this.length === 0 ? undefined : this.t[(this.start + this.length - 1) % this.capacity];
  }

  /** Appends a row at epoch second `t`; a row at or before the last one replaces nothing and is ignored. */
  push(t: number, row: KpiRow): boolean {
    const last = this.lastT;
    if (last !== undefined && t <= last) return false;
    const i = (this.start + this.length) % this.capacity;
    this.t[i] = t;
    kpiColumns.forEach((c, k) => {
      this.cols[k]![i] = row[c] ?? Number.NaN; // NaN stores "no data" in a typed array
    });
    if (this.length < this.capacity) this.length++;
    else this.start = (this.start + 1) % this.capacity;
    this.revision++;
    return true;
  }

  /** Forgets the rows at and after epoch second `t`, so they can be pushed again recomputed. */
  dropFrom(t: number): void {
    const before = this.length;
    while (this.length > 0 && this.lastT! >= t) this.length--;
    if (this.length !== before) this.revision++;
  }

  /**
   * The first second at or after `fromT` without a row, when rows are read in order from `fromT` on: a
   * history that starts later than `fromT`, or a hole a stalled tick left, ends the run there.
   */
  firstMissing(fromT: number): number {
    let expected = fromT;
    for (let n = 0; n < this.length; n++) {
      const t = this.t[(this.start + n) % this.capacity]!;
      if (t < expected) continue;
      if (t > expected) break;
      expected++;
    }
    return expected;
  }

  /** The rows with t > sinceT (all when omitted), as a columnar frame with null for no data. */
  frame(sinceT = Number.NEGATIVE_INFINITY): KpiFrame {
    const t: number[] = [];
    const values: (number | null)[][] = kpiColumns.map(() => []);
    for (let n = 0; n < this.length; n++) {
      const i = (this.start + n) % this.capacity;
      if (this.t[i]! <= sinceT) continue;
      t.push(this.t[i]!);
      this.cols.forEach((col, k) => {
        const v = col[i]!;
        values[k]!.push(Number.isNaN(v) ? null : v);
      });
    }
    return { t, values };
  }
}

export function rowsToFrame(rows: readonly (readonly [number, KpiRow])[]): KpiFrame {
  return { t: rows.map(([t]) => t), values: kpiColumns.map((c) => rows.map(([, row]) => row[c])) };
}

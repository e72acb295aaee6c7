// Columnar ring buffer of KPI rows (one per second), bounded by row count and by age, handing uPlot whole
// arrays. A snapshot replaces the contents; an append adds rows, deduplicated by t. The arrays handed out are
// the buffer's own and follow appends in place (rows dropped from the front, new ones pushed: a few µs, where
// copying a day of rows × all columns took milliseconds and a large allocation every live second), the way
// uPlot's streaming is meant to be fed; a holder that needs a fixed copy slices them.
import type { KpiFrame } from '../../shared/live/messages';

export interface StreamBufferOptions {
  /** Number of value columns per row (besides t). */
  columns: number;
  maxRows: number;
  /** Rows older than the newest t minus this many seconds are evicted. */
  maxAgeSeconds: number;
}

/** uPlot's aligned data: x (epoch seconds) first, then one array per series; null draws a gap. */
export type AlignedColumns = [number[], ...(number | null)[][]];

export class KpiStreamBuffer {
  private readonly t: Float64Array;
  /** NaN stands for null ("no data") inside the typed arrays. */
  private readonly cols: Float64Array[];
  private start = 0;
  private size = 0;
  private version = 0;
  /** Rows ever pushed: the ring's row n is row number `pushed - size + n` (numbers only grow, even on clear). */
  private pushed = 0;
  /** Lowest row number changed in place (a row at the last t replaced) since `ordered` was built. */
  private dirtyFrom = Number.POSITIVE_INFINITY;
  private ordered: { version: number; first: number; t: number[]; cols: (number | null)[][] } | undefined;

  constructor(private readonly opts: StreamBufferOptions) {
    this.t = new Float64Array(opts.maxRows);
    this.cols = Array.from({ length: opts.columns }, () => new Float64Array(opts.maxRows));
  }

  get maxAgeSeconds(): number {
    return this.opts.maxAgeSeconds;
  }

  get length(): number {
    return this.size;
  }

  /** Changes whenever the contents change. */
  get revision(): number {
    return this.version;
  }

  /** t of the oldest row held. */
  get firstT(): number | undefined {
    return this.size === 0 ? undefined : this.t[this.start];
  }

  get lastT(): number | undefined {
    return this.size === 0 ? undefined : this.t[this.index(this.size - 1)];
  }

  clear(): void {
    this.start = 0;
    this.size = 0;
    this.version++;
  }

  applySnapshot(frame: KpiFrame): void {
    this.clear();
    this.applyAppend(frame);
  }

  /** Adds the rows of a frame: a row at the last t replaces it, an older one is dropped. Returns rows kept. */
  applyAppend(frame: KpiFrame): number {
    let kept = 0;
    frame.t.forEach((t, r) => {
      if (!Number.isFinite(t)) return;
      const last = this.lastT;
      if (last !== undefined && t < last) return;
      const replace = last !== undefined && t === last;
      if (replace) this.dirtyFrom = Math.min(this.dirtyFrom, this.pushed - 1);
      const i = replace ? this.index(this.size - 1) : this.pushSlot();
      this.t[i] = t;
      this.cols.forEach((col, c) => {
        const v = frame.values[c]?.[r];
        col[i] = typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
      });
      kept++;
    });
    if (kept > 0) {
      this.evictOld();
      this.version++;
    }
    return kept;
  }

  /** Value of a column in the newest row; null when there is no row or no data. */
  latest(column: number): number | null {
    if (this.size === 0) return null;
    const v = this.cols[column]?.[this.index(this.size - 1)];
    return v === undefined || Number.isNaN(v) ? null : v;
  }

  /**
   * [t, ...the given columns] in ascending t, as plain arrays: the buffer's own, updated in place by later
   * appends (replaced by new ones after a snapshot or when no row is left in common).
   */
  aligned(columns: readonly number[]): AlignedColumns {
    const o = this.orderedColumns();
    return [o.t, ...columns.map((c) => o.cols[c] ?? o.t.map(() => null))];
  }

  private orderedColumns() {
    if (this.ordered?.version === this.version) return this.ordered;
    const first = this.pushed - this.size;
    const prev = this.ordered;
    // Rows of the current arrays still held and unchanged: a prefix of the rows now held.
    const keep = prev
      ? Math.max(0, Math.min(prev.first + prev.t.length, this.dirtyFrom, this.pushed) - first)
      : 0;
    let t: number[] = [];
    let cols: (number | null)[][] = this.cols.map(() => []);
    if (prev && keep > 0) {
      const drop = first - prev.first;
      for (const a of [prev.t, ...prev.cols]) {
        if (drop > 0) a.splice(0, drop);
        a.length = keep;
      }
      t = prev.t;
      cols = prev.cols;
    }
    for (let n = keep; n < this.size; n++) t.push(this.t[this.index(n)]!);
    this.cols.forEach((col, c) => {
      const out = cols[c]!;
      for (let n = keep; n < this.size; n++) {
        const v = col[this.index(n)]!;
        out.push(Number.isNaN(v) ? null : v);
      }
    });
    this.ordered = { version: this.version, first, t, cols };
    this.dirtyFrom = Number.POSITIVE_INFINITY;
    return this.ordered;
  }

  private index(n: number): number {
    return (this.start + n) % this.opts.maxRows;
  }

  private pushSlot(): number {
    this.pushed++;
    if (this.size < this.opts.maxRows) return this.index(this.size++);
    const i = this.start; // full: overwrite the oldest row
    this.start = (this.start + 1) % this.opts.maxRows;
    return i;
  }

  private evictOld(): void {
    const oldest = (this.lastT ?? 0) - this.opts.maxAgeSeconds;
    while (this.size > 0 && this.t[this.start]! < oldest) {
      this.start = (this.start + 1) % this.opts.maxRows;
      this.size--;
    }
  }
}

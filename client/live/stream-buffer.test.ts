// The KPI ring buffer stays bounded, dedupes by t and hands uPlot aligned arrays with nulls for "no data".
import { describe, expect, it } from 'vitest';
import type { KpiFrame } from '../../shared/live/messages';
import { KpiStreamBuffer } from './stream-buffer';

/** A 2-column frame: column 0 = t * 10, column 1 = null on odd t. */
function frame(ts: number[]): KpiFrame {
  return { t: ts, values: [ts.map((t) => t * 10), ts.map((t) => (t % 2 === 0 ? t : null))] };
}

const buffer = (maxRows = 100, maxAgeSeconds = 1000) =>
  new KpiStreamBuffer({ columns: 2, maxRows, maxAgeSeconds });

describe('KpiStreamBuffer', () => {
  it('replaces everything on snapshot and keeps nulls as gaps', () => {
    const b = buffer();
    b.applySnapshot(frame([1, 2, 3]));
    b.applySnapshot(frame([10, 11]));
    expect(b.aligned([0, 1])).toEqual([
      [10, 11],
      [100, 110],
      [10, null],
    ]);
    expect(b.latest(1)).toBeNull();
    expect(b.latest(0)).toBe(110);
  });

  it('drops appended rows older than the last one and lets a row at the last t replace it', () => {
    const b = buffer();
    b.applySnapshot(frame([1, 2, 3]));
    expect(b.applyAppend(frame([2]))).toBe(0);
    expect(
      b.applyAppend({
        t: [3, 4],
        values: [
          [-3, 40],
          [null, 4],
        ],
      }),
    ).toBe(2);
    expect(b.aligned([0])).toEqual([
      [1, 2, 3, 4],
      [10, 20, -3, 40],
    ]);
  });

  it('is bounded by row count, keeping the newest rows in order', () => {
    const b = buffer(5);
    b.applySnapshot(frame([1, 2, 3, 4]));
    b.applyAppend(frame([5, 6, 7]));
    b.applyAppend(frame([8]));
    expect(b.length).toBe(5);
    expect(b.aligned([0])).toEqual([
      [4, 5, 6, 7, 8],
      [40, 50, 60, 70, 80],
    ]);
  });

  it('is bounded by age: a gap in the stream evicts rows older than maxAgeSeconds', () => {
    const b = buffer(100, 60);
    b.applySnapshot(frame([1000, 1001, 1002]));
    b.applyAppend(frame([1061]));
    expect(b.aligned([])).toEqual([[1001, 1002, 1061]]);
    b.applyAppend(frame([5000]));
    expect(b.aligned([])).toEqual([[5000]]);
  });

  it('stays bounded over a long run (a kiosk left on for days)', () => {
    const b = buffer(3600, 3600);
    for (let t = 0; t < 3 * 86_400; t += 1) b.applyAppend(frame([t]));
    expect(b.length).toBe(3600);
    const [t] = b.aligned([0]);
    expect(t[0]).toBe(3 * 86_400 - 3600);
    expect(b.lastT).toBe(3 * 86_400 - 1);
  });

  it('returns the same arrays until something changes, new ones after', () => {
    const b = buffer();
    b.applySnapshot(frame([1, 2]));
    const a = b.aligned([0, 1]);
    expect(b.aligned([1])[1]).toBe(a[2]);
    b.applyAppend(frame([3]));
    expect(b.aligned([0])[0]).not.toBe(a[0]);
    expect(a[0]).toEqual([1, 2]);
  });

  it('reads an empty buffer as no data', () => {
    const b = buffer();
    expect(b.latest(0)).toBeNull();
    expect(b.lastT).toBeUndefined();
    expect(b.aligned([0, 1])).toEqual([[], [], []]);
  });
});

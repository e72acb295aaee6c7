// The KPI ring buffer stays bounded, dedupes by t and hands uPlot aligned arrays with nulls for "no data".
import fc from 'fast-check';
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

  it('hands out its own arrays: updated in place by appends, new ones after a snapshot', () => {
    const b = buffer(3);
    b.applySnapshot(frame([1, 2]));
    const a = b.aligned([0, 1]);
    expect(b.aligned([1])[1]).toBe(a[2]);
    b.applyAppend(frame([3, 4]));
    expect(b.aligned([0, 1])).toEqual([
      [2, 3, 4],
      [20, 30, 40],
      [2, null, 4],
    ]);
    expect(b.aligned([0])[0]).toBe(a[0]);
    b.applySnapshot(frame([7]));
    expect(b.aligned([0])[0]).not.toBe(a[0]);
    expect(b.aligned([0])).toEqual([[7], [70]]);
  });

  it('reads an empty buffer as no data', () => {
    const b = buffer();
    expect(b.latest(0)).toBeNull();
    expect(b.lastT).toBeUndefined();
    expect(b.aligned([0, 1])).toEqual([[], [], []]);
  });

  it('hands out the rows of a plain model after any appends, replacements, evictions and snapshots', () => {
    // Each step: a snapshot, or an append of rows at t offsets from the last t (0 replaces it, < 0 is dropped).
    const step = fc.oneof(
      fc.record({ snapshot: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }) }),
      fc.record({ append: fc.array(fc.integer({ min: -2, max: 30 }), { minLength: 1, maxLength: 6 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (steps, maxRows) => {
        const maxAge = 50;
        const b = buffer(maxRows, maxAge);
        let model: [number, number, number | null][] = []; // [t, column 0, column 1]
        const append = (rows: [number, number, number | null][]) => {
          for (const r of rows) {
            const last = model.at(-1)?.[0];
            if (last !== undefined && r[0] < last) continue;
            if (last === r[0]) model[model.length - 1] = r;
            else model.push(r);
            if (model.length > maxRows) model.shift();
          }
          const newest = model.at(-1)?.[0] ?? 0;
          model = model.filter((r) => r[0] >= newest - maxAge);
        };
        for (const [k, s] of steps.entries()) {
          let ts: number[];
          if ('snapshot' in s) {
            ts = [...new Set(s.snapshot.map((d) => 1000 + d))].sort((x, y) => x - y);
            model = [];
          } else {
            let t = b.lastT ?? 1000;
            ts = s.append.map((d) => (t += d));
          }
          const values = [ts.map((t) => t * 10 + k), ts.map((t) => (t % 3 === 0 ? null : t))];
          if ('snapshot' in s) b.applySnapshot({ t: ts, values });
          else b.applyAppend({ t: ts, values });
          append(ts.map((t, i) => [t, values[0]![i]!, values[1]![i]!]));
          const data = b.aligned([0, 1]);
          expect(data).toEqual([model.map((r) => r[0]), model.map((r) => r[1]), model.map((r) => r[2])]);
        }
      }),
    );
  });
});

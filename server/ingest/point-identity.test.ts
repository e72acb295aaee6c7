// Identity: distinct points in one series and millisecond are kept apart by +1 ns, exact repeats are duplicates,
// replayed points are remembered, and no more than two generations of keys are held.
import { describe, expect, it } from 'vitest';
import type { Point } from '../../shared/line-protocol/types';
import { PointIdentity, pointText } from './point-identity';

const MS = 1_700_000_000_000n * 1_000_000n;

function scan(plate: string, lane = 'l1', timestamp = MS): Point {
  return {
    measurement: 'gate_scan',
    tags: { site: 's1', lane },
    fields: { plate: { kind: 'string', value: plate }, parcels: { kind: 'integer', value: 3n } },
    timestamp,
  };
}

function assign(identity: PointIdentity, points: Point[]) {
  return identity.assignBatch(points.map((point) => ({ point, ...pointText(point) })));
}

describe('PointIdentity', () => {
  it('moves distinct points of one series and time apart by 1 ns and marks repeats', () => {
    const id = new PointIdentity();
    const batch = [scan('A'), scan('B'), scan('A'), scan('A', 'l2')];
    expect(assign(id, batch).duplicate).toEqual([false, false, true, false]);
    expect(batch.map((p) => p.timestamp! - MS)).toEqual([0n, 1n, 0n, 0n]);
    const retry = [scan('B')];
    expect(assign(id, retry).duplicate).toEqual([true]);
    expect(retry[0]!.timestamp).toBe(MS + 1n);
    expect(id.counters).toEqual({ shifted: 1, duplicates: 2 });
  });

  it('takes a repeat with its fields in another order as a repeat', () => {
    const id = new PointIdentity();
    assign(id, [scan('A')]);
    const p = scan('A');
    p.fields = { parcels: p.fields.parcels!, plate: p.fields.plate! };
    expect(assign(id, [p]).duplicate).toEqual([true]);
  });

  it('keeps thousands of distinct points in one series and millisecond apart, and knows reordered retries', () => {
    // A bulk import without timestamps puts a whole batch on one millisecond.
    const id = new PointIdentity();
    const batch = Array.from({ length: 3000 }, (_, i) => scan(`浙A${i}`));
    expect(assign(id, batch).duplicate.every((d) => !d)).toBe(true);
    expect(new Set(batch.map((p) => p.timestamp)).size).toBe(3000);
    const reordered = [2999, 17, 0].map((i) => {
      const p = scan(`浙A${i}`);
      p.fields = { parcels: p.fields.parcels!, plate: p.fields.plate! };
      return p;
    });
    expect(assign(id, reordered).duplicate).toEqual([true, true, true]);
    expect(reordered.map((p) => p.timestamp! - MS)).toEqual([2999n, 17n, 0n]);
    // An undone batch in the middle of such a list leaves the order-free forms of the others in place.
    assign(id, [scan('X1'), scan('X2')]).undo();
    const again = scan('浙A2999');
    again.fields = { parcels: again.fields.parcels!, plate: again.fields.plate! };
    expect(assign(id, [again]).duplicate).toEqual([true]);
    expect(again.timestamp! - MS).toBe(2999n);
  });

  it('forgets an undone batch, so its retry is stored', () => {
    const id = new PointIdentity();
    assign(id, [scan('A')]);
    assign(id, [scan('B')]).undo();
    const retry = [scan('B')];
    expect(assign(id, retry).duplicate).toEqual([false]);
    expect(retry[0]!.timestamp).toBe(MS + 1n);
  });

  it('remembers replayed points, shifted ones included, and knows them', () => {
    const id = new PointIdentity();
    id.remember(scan('A'));
    id.remember(scan('B', 'l1', MS + 1n));
    expect(id.knows(scan('B', 'l1', MS + 1n))).toBe(true);
    expect(id.knows(scan('B'))).toBe(false);
    const batch = [scan('B'), scan('C')];
    expect(assign(id, batch).duplicate).toEqual([true, false]);
    expect(batch.map((p) => p.timestamp! - MS)).toEqual([1n, 2n]);
  });

  it('keeps two generations of keys, in replay as in ingest', () => {
    const id = new PointIdentity({ generationSize: 2 });
    for (let i = 0n; i < 5n; i++) id.remember(scan('A', 'l1', MS + i * 1_000_000n));
    expect(id.knows(scan('A', 'l1', MS))).toBe(false); // three generations back
    expect(id.knows(scan('A', 'l1', MS + 4_000_000n))).toBe(true);
    expect(id.knows(scan('A', 'l1', MS + 3_000_000n))).toBe(true); // the previous generation
    const again = [scan('A', 'l1', MS + 3_000_000n)];
    expect(assign(id, again).duplicate).toEqual([true]);
  });
});

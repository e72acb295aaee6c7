// An append-only in-memory EventStore for fuzzing ingest without touching the disk.

import type { EventStore, StoredPoint } from '../server/store/store';
import type { Point } from '../shared/line-protocol/types';

export function memoryStore(): EventStore & { points: Point[] } {
  const points: Point[] = [];
  return {
    points,
    async append(batch) {
      const first = points.length + 1;
      points.push(...batch);
      if (points.length > 10_000) points.splice(0, points.length - 10_000);
      return first;
    },
    async *readRange(): AsyncIterable<StoredPoint> {},
    async *readFrom(): AsyncIterable<StoredPoint> {},
    lastSeq: () => points.length,
    close: async () => {},
  };
}

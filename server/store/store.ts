// The storage interface behind ingest: an ordered, durable sequence of accepted points.
import type { Point } from '../../shared/line-protocol/types';

export interface StoredPoint {
  /** Position in the log, from 1, strictly increasing. */
  seq: number;
  point: Point;
}

export interface EventStore {
  /** Resolves once the points are durable (fsync'd); returns the seq of the first one. */
  append(points: Point[]): Promise<number>;
  /** Points whose timestamp is within [fromMs, toMs), in log order. */
  readRange(fromMs: number, toMs: number): AsyncIterable<StoredPoint>;
  /** Points with seq ≥ fromSeq, in log order (for checkpointed consumers: rollups, shipping to InfluxDB). */
  readFrom(fromSeq: number): AsyncIterable<StoredPoint>;
  /** Seq of the last durable point (0 when empty). */
  lastSeq(): number;
  close(): Promise<void>;
}

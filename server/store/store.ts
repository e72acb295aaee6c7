// The storage interface behind ingest: an ordered, durable sequence of accepted points.
import type { Point } from '../../shared/line-protocol/types';

export interface StoredPoint {
  /** Position in the log, from 1, strictly increasing. */
  seq: number;
  point: Point;
  /** The stored line's series key and field set (see ParsedLine.seriesText), when the log has the text at hand. */
  seriesText?: string | undefined;
  fieldText?: string | undefined;
}

export interface EventStore {
  /**
   * Resolves once the points are durable (fsync'd); returns the seq of the first one. `lines`, when given, are
   * the points' lines exactly as `formatPoint(point, 'ns')` writes them, so the store need not format them;
   * `encoded`, when given, is those lines already as bytes (UTF-8, each followed by "\n"), e.g. a request
   * body stored as received, so the store need not encode them either.
   */
  append(points: Point[], lines?: readonly string[], encoded?: Buffer): Promise<number>;
  /** Points whose timestamp is within [fromMs, toMs), in log order. */
  readRange(fromMs: number, toMs: number): AsyncIterable<StoredPoint>;
  /** Points with seq ≥ fromSeq, in log order (for checkpointed consumers: rollups, shipping to InfluxDB). */
  readFrom(fromSeq: number): AsyncIterable<StoredPoint>;
  /** Seq of the last durable point (0 when empty). */
  lastSeq(): number;
  close(): Promise<void>;
}

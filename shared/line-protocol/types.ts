// The in-memory form of one InfluxDB line-protocol point. This is the only shape the codec reads or writes;
// everything else in portpulse converts to and from it through shared/events.

export type Precision = 'ns' | 'us' | 'ms' | 's';

/** A field value keeps its line-protocol type so that a re-formatted point never changes InfluxDB's field type. */
export type FieldValue =
  | { kind: 'float'; value: number }
  | { kind: 'integer'; value: bigint }
  | { kind: 'unsigned'; value: bigint }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean };

export interface Point {
  measurement: string;
  /** Tag set; formatting sorts keys, as InfluxDB recommends. */
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  /** Nanoseconds since the Unix epoch; undefined when the line had no timestamp. */
  timestamp?: bigint;
}

/** One parsed line with its 1-based line number in the request body. */
export interface ParsedLine {
  line: number;
  point: Point;
}

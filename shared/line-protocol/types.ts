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
  /**
   * The series key (measurement and tags) as received, when the line up to its timestamp is exactly what formatPoint
   * writes for `point`: then `formatPoint(point, 'ns')` is `joinLine(seriesText, fieldText, timestamp)` while the
   * measurement, tags and fields stay unchanged. Undefined otherwise (escapes, unsorted tags, `1.0`, `t`, ...).
   */
  seriesText: string | undefined;
  /** The field set as received, set together with `seriesText`. */
  fieldText: string | undefined;
  /**
   * Only with the parse option `lineText`: the whole line as received when it also ends in a timestamp written as
   * joinLine writes it (ns precision, one space before it, no leading zeros): then it equals
   * `joinLine(seriesText, fieldText, point.timestamp)`, and a server can store it without joining again.
   */
  lineText?: string;
}

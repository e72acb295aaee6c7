// Per-line limits on what a collector may send: how many tags and fields, and how long keys and values may
// be (UTF-8 bytes). A line over a limit is rejected with the key named; the rest of the batch is kept.
import type { Point } from '../../shared/line-protocol/types';

export interface PointLimits {
  maxTags: number;
  maxFields: number;
  maxKeyBytes: number;
  maxValueBytes: number;
}

export interface LimitIssue {
  field?: string;
  message: string;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Whether a string is longer than `max` UTF-8 bytes. A UTF-16 code unit takes at most 3 bytes, so short
 * strings (nearly all) are answered from their length without encoding: this runs for every key and value of
 * every ingested line.
 */
const over = (s: string, max: number) => s.length * 3 > max && (s.length > max || bytes(s) > max);

export function pointLimitIssue(point: Point, limits: PointLimits): LimitIssue | undefined {
  const { maxKeyBytes, maxValueBytes } = limits;
  let tags = 0;
  let longKey: string | undefined = over(point.measurement, maxKeyBytes) ? point.measurement : undefined;
  let longValue: [string, string] | undefined;
  for (const key in point.tags) {
    tags++;
    if (longKey === undefined && over(key, maxKeyBytes)) longKey = key;
    const value = point.tags[key]!;
    if (longValue === undefined && over(value, maxValueBytes)) longValue = [key, value];
  }
  let fields = 0;
  let longFieldValue: [string, string] | undefined;
  for (const key in point.fields) {
    fields++;
    if (longKey === undefined && over(key, maxKeyBytes)) longKey = key;
    const f = point.fields[key]!;
    if (longFieldValue === undefined && f.kind === 'string' && over(f.value, maxValueBytes))
      longFieldValue = [key, f.value];
  }
  if (tags > limits.maxTags)
    return { message: `${tags} tags; at most ${limits.maxTags} are allowed (PORTPULSE_MAX_TAGS)` };
  if (fields > limits.maxFields)
    return { message: `${fields} fields; at most ${limits.maxFields} are allowed (PORTPULSE_MAX_FIELDS)` };
  if (longKey !== undefined)
    return {
      message: `a name of ${bytes(longKey)} bytes; names are limited to ${maxKeyBytes} bytes (PORTPULSE_MAX_KEY_BYTES)`,
    };
  const tooLong = longValue ?? longFieldValue;
  if (tooLong)
    return {
      field: tooLong[0],
      message: `${tooLong[0]}: value of ${bytes(tooLong[1])} bytes; values are limited to ${maxValueBytes} bytes (PORTPULSE_MAX_VALUE_BYTES)`,
    };
  return undefined;
}

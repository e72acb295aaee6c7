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

export function pointLimitIssue(point: Point, limits: PointLimits): LimitIssue | undefined {
  const tags = Object.keys(point.tags);
  const fields = Object.keys(point.fields);
  if (tags.length > limits.maxTags)
    return { message: `${tags.length} tags; at most ${limits.maxTags} are allowed (PORTPULSE_MAX_TAGS)` };
  if (fields.length > limits.maxFields)
    return {
      message: `${fields.length} fields; at most ${limits.maxFields} are allowed (PORTPULSE_MAX_FIELDS)`,
    };
  const keyTooLong = (key: string) => bytes(key) > limits.maxKeyBytes;
  const longKey = [point.measurement, ...tags, ...fields].find(keyTooLong);
  if (longKey !== undefined)
    return {
      message: `a name of ${bytes(longKey)} bytes; names are limited to ${limits.maxKeyBytes} bytes (PORTPULSE_MAX_KEY_BYTES)`,
    };
  const valueTooLong = (value: string) => bytes(value) > limits.maxValueBytes;
  const tooLong = (key: string, value: string): LimitIssue => ({
    field: key,
    message: `${key}: value of ${bytes(value)} bytes; values are limited to ${limits.maxValueBytes} bytes (PORTPULSE_MAX_VALUE_BYTES)`,
  });
  for (const [key, value] of Object.entries(point.tags)) if (valueTooLong(value)) return tooLong(key, value);
  for (const [key, value] of Object.entries(point.fields))
    if (value.kind === 'string' && valueTooLong(value.value)) return tooLong(key, value.value);
  return undefined;
}

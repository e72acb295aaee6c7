// What JSON lets through but a stored event must not carry. A JSON string may hold a lone UTF-16 surrogate
// ("\ud800"), which has no UTF-8 form: stored, it would silently become U+FFFD, so the acknowledged value would
// not be the one sent. And a flat JSON event cannot say whether an extra key is a tag or a field, nor an
// extra number's type (integer or float), so extra keys are refused rather than guessed at (a guessed type
// would fix the InfluxDB column's type for good) or dropped; extra tags and fields go in line protocol.
import { layouts, type Measurement } from '../../shared/events/event';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 code units). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (text: string) => text.search(LONE_SURROGATE) < 0;

export interface JsonKeyIssue {
  field: string;
  message: string;
}

/** The first key or string value of an event object that is not well-formed Unicode. */
export function illFormedText(item: unknown): JsonKeyIssue | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  for (const [key, value] of Object.entries(item)) {
    if (!wellFormed(key)) return { field: escapeLone(key), message: 'field name is not valid Unicode' };
    if (typeof value === 'string' && !wellFormed(value))
      return {
        field: key,
        message: `holds a lone surrogate (${escapeLone(value)}): not valid Unicode, so it cannot be stored as UTF-8`,
      };
  }
  return undefined;
}

/** The first key of a (schema-valid) event that is not one of its measurement's tags or fields. */
export function unknownKey(item: object, measurement: Measurement): JsonKeyIssue | undefined {
  const layout = layouts[measurement];
  for (const key of Object.keys(item)) {
    if (key === 'measurement' || key === 'time' || Object.hasOwn(layout, key)) continue;
    return {
      field: key,
      message: `not a ${measurement} field (${Object.keys(layout).join(', ')}); /api/events takes no extra keys because JSON cannot say tag or field, integer or float: send extra tags and fields as line protocol`,
    };
  }
  return undefined;
}

/** The text with each lone surrogate written as a \uXXXX escape (and cut short), for an error message. */
function escapeLone(text: string): string {
  const escaped = text.replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return escaped.length > 60 ? `${escaped.slice(0, 60)}…` : escaped;
}

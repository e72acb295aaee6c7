// Escaping rules of InfluxDB line protocol, for the formatter (escape*) and the parser (unescape*).
//
// What is escaped with a backslash, per element:
//   measurement                     comma, space
//   tag key, tag value, field key   comma, equals sign, space
//   string field value              double quote, backslash
//
// Unescaping follows InfluxDB's parsers: in names, keys and tag values a backslash only escapes the characters
// listed for that element; before any other character (a backslash included) it is a literal backslash, and the
// next character is read normally. So `a\\ b` is the tag value `a\ b`, and a name cannot end with a backslash
// (it would escape the separator that follows). In string field values `\\` is one backslash, `\"` a quote, and a
// backslash before anything else is kept.

const BACKSLASH = 92;
const COMMA = 44;
const SPACE = 32;
const EQUALS = 61;
const QUOTE = 34;

/** Which characters a backslash escapes inside an element. */
export type EscapeSet = 'measurement' | 'key';

function needsNameEscape(s: string, set: EscapeSet): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === COMMA || c === SPACE || (c === EQUALS && set === 'key')) return true;
  }
  return false;
}

/** Escapes a measurement name (comma, space). */
export function escapeMeasurement(s: string): string {
  return needsNameEscape(s, 'measurement') ? s.replace(/[, ]/g, '\\$&') : s;
}

/** Escapes a tag key, tag value or field key (comma, equals sign, space). */
export function escapeKey(s: string): string {
  return needsNameEscape(s, 'key') ? s.replace(/[, =]/g, '\\$&') : s;
}

export const escapeTagKey = escapeKey;
export const escapeTagValue = escapeKey;
export const escapeFieldKey = escapeKey;

/** Escapes a string field value (backslash, double quote), without the surrounding quotes. */
export function escapeStringField(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH || c === QUOTE) return s.replace(/["\\]/g, '\\$&');
  }
  return s;
}

/**
 * Unescapes `text.slice(start, end)` as a measurement (`set` 'measurement') or a tag key, tag value or field key
 * (`set` 'key'). Callers that saw no backslash in the range should slice instead (the parser's fast path).
 */
export function unescapeNameRange(text: string, start: number, end: number, set: EscapeSet): string {
  let out = '';
  let from = start;
  for (let i = start; i < end - 1; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    const next = text.charCodeAt(i + 1);
    if (next === COMMA || next === SPACE || (next === EQUALS && set === 'key')) {
      out += text.slice(from, i);
      from = i + 1; // keep the escaped character, drop the backslash
      i++;
    }
  }
  return from === start ? text.slice(start, end) : out + text.slice(from, end);
}

/** Unescapes the inside of a string field value held in `text.slice(start, end)` (quotes excluded). */
export function unescapeStringFieldRange(text: string, start: number, end: number): string {
  let out = '';
  let from = start;
  for (let i = start; i < end - 1; i++) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    const next = text.charCodeAt(i + 1);
    if (next === BACKSLASH || next === QUOTE) {
      out += text.slice(from, i);
      from = i + 1;
      i++;
    }
  }
  return from === start ? text.slice(start, end) : out + text.slice(from, end);
}

/** Unescapes a whole measurement name. */
export function unescapeMeasurement(s: string): string {
  return unescapeNameRange(s, 0, s.length, 'measurement');
}

/** Unescapes a whole tag key, tag value or field key. */
export function unescapeKey(s: string): string {
  return unescapeNameRange(s, 0, s.length, 'key');
}

/** Unescapes the inside of a string field value (without its quotes). */
export function unescapeStringField(s: string): string {
  return unescapeStringFieldRange(s, 0, s.length);
}

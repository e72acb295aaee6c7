// Parses an InfluxDB line-protocol body into points, one line at a time: a bad line becomes a LineProtocolError and
// parsing goes on with the next line (the server keeps the valid lines of a partly bad batch, as InfluxDB does).
//
// Decisions a caller must know:
// - Lines end at LF; a CR right before the LF (or at the very end of the body) is dropped, so CRLF works. A line
//   break always ends the line, even inside a string field value: InfluxDB documents that line protocol does not
//   support newlines in tag or field values, so `f="a` + LF + `b"` is an unterminated string on one line and a bad
//   line after it. A lone CR elsewhere is an ordinary character.
// - Blank lines and comments (`#` after optional spaces/tabs) are skipped but counted in line numbers. Spaces and
//   tabs before the measurement and after the last element are ignored; runs of spaces separate the sections.
// - Escapes: see escape.ts. A backslash that escapes nothing (including one at the end of the line) is literal.
// - Floats: `-`? digits with an optional `.`, then an optional exponent (`1`, `1.`, `.5`, `-1.5e10`, `1E+5`), as
//   InfluxDB's parser accepts; no leading `+`, no NaN or Infinity, no overflow to Infinity. Integers `i` must fit
//   int64, unsigned `u` must fit uint64. Booleans: t T true True TRUE f F false False FALSE.
// - Duplicate tag keys are an error (as in InfluxDB); a repeated field key keeps its last value.
// - Timestamps are integers (may be negative) in the given precision, converted to nanoseconds and checked against
//   InfluxDB's range; a line without one gets `defaultTimestamp` (already in ns, not checked) or none.
// - Columns count Unicode characters (code points) from 1. Nothing in the body makes this throw; only an unknown
//   `precision` option (a caller bug) throws a TypeError.
// - A line already written the way formatPoint writes it (sorted tags, single spaces, no escapes, shortest numbers,
//   true/false; see canonical-text.ts) also gets its series key and field set as text, so a server can store
//   what it received instead of formatting the point again.
import { isCanonicalFloat, isCanonicalInteger } from './canonical-text';
import { unescapeNameRange, unescapeStringFieldRange } from './escape';
import { compareUtf8 } from './format';
import * as limits from './limits';
import { LineProtocolError } from './parse-error';
import type { FieldValue, ParsedLine, Point, Precision } from './types';

export interface ParseOptions {
  /** Unit of the timestamps in the body; default 'ns'. */
  precision?: Precision;
  /** Nanosecond timestamp for lines without one; when absent such points have no timestamp. */
  defaultTimestamp?: bigint;
  /** Also hand out ParsedLine.lineText (the whole line as received, where it is what joinLine writes). */
  lineText?: boolean;
}

export interface ParseResult {
  lines: ParsedLine[];
  errors: LineProtocolError[];
}

// Local copies: the hot path should not go through module bindings.
const INT64_MIN = limits.INT64_MIN;
const INT64_MAX = limits.INT64_MAX;
const UINT64_MAX = limits.UINT64_MAX;
const MIN_TIMESTAMP_NS = limits.MIN_TIMESTAMP_NS;
const MAX_TIMESTAMP_NS = limits.MAX_TIMESTAMP_NS;

const TAB = 9;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const EQUALS = 61;
const BACKSLASH = 92;
const UPPER_E = 69;
const LOWER_E = 101;
const LOWER_I = 105;
const LOWER_U = 117;

export const INVALID_FIELD_VALUE =
  'invalid field value: expected a number, string, boolean, or integer with i/u suffix';
const NOT_FINITE = 'invalid field value: NaN and Infinity are not supported';
const INT_RANGE =
  'integer field value out of range: must be between -9223372036854775808i and 9223372036854775807i';
const UINT_RANGE = 'unsigned field value out of range: must be between 0u and 18446744073709551615u';
const FLOAT_RANGE = 'float field value out of range';

/** Parses every line of `body`; never throws for any body. */
export function parseLineProtocol(body: string, options: ParseOptions = {}): ParseResult {
  const precision = options.precision ?? 'ns';
  const parser = new LineParser(body, limits.nsPerUnit(precision), precision, options.defaultTimestamp);
  const lines: ParsedLine[] = [];
  const errors: LineProtocolError[] = [];
  const keepLineText = options.lineText === true;
  const n = body.length;
  let pos = 0;
  let lineNo = 0;
  while (pos < n) {
    lineNo++;
    let nl = body.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > pos && body.charCodeAt(end - 1) === CR) end--;
    const rawStart = pos;
    const rawEnd = end;
    let start = pos;
    pos = nl + 1;
    let c = body.charCodeAt(start);
    while (start < end && (c === SPACE || c === TAB)) c = body.charCodeAt(++start);
    if (start === end || c === HASH) continue;
    c = body.charCodeAt(end - 1);
    while (c === SPACE || c === TAB) c = body.charCodeAt(--end - 1);
    const result = parser.parseLine(rawStart, start, end, rawEnd, lineNo);
    if (result instanceof LineProtocolError) errors.push(result);
    else if (parser.canonical) {
      const parsed: ParsedLine = {
        line: lineNo,
        point: result,
        seriesText: body.slice(start, parser.seriesEnd),
        fieldText: body.slice(parser.seriesEnd + 1, parser.fieldsEnd),
      };
      if (keepLineText && parser.lineEnd > 0) parsed.lineText = body.slice(start, parser.lineEnd);
      lines.push(parsed);
    } else lines.push({ line: lineNo, point: result, seriesText: undefined, fieldText: undefined });
  }
  return { lines, errors };
}

class LineParser {
  /** Start of the current line's text (before leading whitespace) and end (before the line break). */
  private rawStart = 0;
  private rawEnd = 0;
  private lineNo = 0;
  /** Set by scanName: whether the last scanned name contained a backslash. */
  private escaped = false;
  /**
   * The strings taken at each position of the previous lines (measurement, tag key, tag value, field key, ...).
   * Lines of one body mostly repeat their names, so comparing in place and reusing the string saves allocating one
   * per name per line.
   */
  private readonly slots: string[] = [];
  private slot = 0;
  /** The tag keys of the current line: the first 16 for the duplicate check, all for the order check. */
  private readonly tagKeys: string[] = [];
  /** After a successful parseLine: whether the line is exactly what formatPoint writes, up to the timestamp. */
  canonical = false;
  /** After a canonical parseLine: end of the series key (the space before the fields), end of the field set. */
  seriesEnd = 0;
  fieldsEnd = 0;
  /**
   * After a canonical parseLine: end of the timestamp when the whole line is what joinLine writes for the point
   * (ns precision, one space before a timestamp spelled as String(bigint) spells it), else -1.
   */
  lineEnd = -1;

  constructor(
    private readonly body: string,
    private readonly multiplier: bigint,
    private readonly precision: Precision,
    private readonly defaultTimestamp: bigint | undefined,
  ) {}

  /**
   * Parses `body[start, end)`: the line `body[rawStart, rawEnd)` without surrounding spaces/tabs, neither blank nor
   * a comment.
   */
  parseLine(
    rawStart: number,
    start: number,
    end: number,
    rawEnd: number,
    lineNo: number,
  ): Point | LineProtocolError {
    const body = this.body;
    this.lineNo = lineNo;
    this.rawStart = rawStart;
    this.rawEnd = rawEnd;
    this.slot = 0;

    // Measurement: up to the first unescaped comma or space.
    let i = this.scanName(start, end, false);
    if (i === start) return this.fail(start, 'missing measurement');
    const measurement = this.escaped ? unescapeNameRange(body, start, i, 'measurement') : this.take(start, i);
    let canonical = !this.escaped;

    // Tag set.
    const tags: Record<string, string> = {};
    const tagKeys = this.tagKeys;
    let tagCount = 0;
    let c = i < end ? body.charCodeAt(i) : -1;
    while (c === COMMA) {
      const keyStart = ++i;
      i = this.scanName(keyStart, end, true);
      if (i === keyStart) return this.fail(keyStart, 'missing tag key: expected tag_key=tag_value after ","');
      if (this.escaped) canonical = false;
      const key = this.escaped ? unescapeNameRange(body, keyStart, i, 'key') : this.take(keyStart, i);
      if (i >= end || body.charCodeAt(i) !== EQUALS) {
        return this.fail(i, `missing "=" after tag key "${key}": expected tag_key=tag_value`);
      }
      // formatPoint sorts tags by key: a line with its tags in another order is not written as received.
      if (canonical && tagCount > 0 && compareUtf8(tagKeys[tagCount - 1]!, key) > 0) canonical = false;
      const valueStart = ++i;
      i = this.scanName(valueStart, end, true);
      c = i < end ? body.charCodeAt(i) : -1;
      if (c === EQUALS) {
        return this.fail(i, `unescaped "=" in the value of tag "${key}": escape it as \\=`);
      }
      if (i === valueStart)
        return this.fail(valueStart, `empty value for tag "${key}": omit the tag instead`);
      if (tagCount < 16) {
        // A few tags: comparing keys beats a property lookup; more: the lookup, to stay linear in the line length.
        for (let k = 0; k < tagCount; k++) {
          if (tagKeys[k] === key) return this.fail(keyStart, `duplicate tag key "${key}"`);
        }
        tagKeys[tagCount] = key;
      } else if (Object.hasOwn(tags, key)) return this.fail(keyStart, `duplicate tag key "${key}"`);
      else tagKeys[tagCount] = key;
      tagCount++;
      if (this.escaped) canonical = false;
      const value = this.escaped ? unescapeNameRange(body, valueStart, i, 'key') : this.take(valueStart, i);
      setOwn(tags, key, value);
    }
    // Here c is a space (or the line ended).
    const seriesEnd = i;
    while (c === SPACE) c = ++i < end ? body.charCodeAt(i) : -1;
    if (i >= end) return this.fail(i, 'missing fields: expected at least one field_key=field_value');
    if (i !== seriesEnd + 1) canonical = false;

    // Field set.
    const fields: Record<string, FieldValue> = {};
    for (;;) {
      const keyStart = i;
      i = this.scanName(keyStart, end, true);
      if (i === keyStart) return this.fail(keyStart, 'missing field key: expected field_key=field_value');
      // formatPoint writes fields in property order, which puts integer-like keys first: keys starting with a
      // digit (and repeated keys, written once) are formatted rather than kept.
      if (this.escaped) canonical = false;
      else if (canonical) {
        const k0 = body.charCodeAt(keyStart);
        if (k0 >= ZERO && k0 <= NINE) canonical = false;
      }
      const key = this.escaped ? unescapeNameRange(body, keyStart, i, 'key') : this.take(keyStart, i);
      if (canonical && Object.hasOwn(fields, key)) canonical = false;
      if (i >= end || body.charCodeAt(i) !== EQUALS) {
        return this.fail(i, 'missing "=" after field key: expected field_key=field_value', key);
      }
      i++;
      c = i < end ? body.charCodeAt(i) : -1;
      if (c === -1 || c === COMMA || c === SPACE) return this.fail(i, 'missing field value', key);
      let value: FieldValue | string;
      if (c === QUOTE) {
        const open = i;
        let escaped = false;
        i++;
        while (i < end) {
          c = body.charCodeAt(i);
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            escaped = true;
            i += 2;
          } else i++;
        }
        if (i >= end) {
          return this.fail(
            open,
            'unterminated string field value: no closing double quote before the end of the line',
            key,
          );
        }
        if (escaped) canonical = false;
        const text = escaped ? unescapeStringFieldRange(body, open + 1, i) : this.take(open + 1, i);
        value = { kind: 'string', value: text };
        i++;
        c = i < end ? body.charCodeAt(i) : -1;
        if (c !== -1 && c !== COMMA && c !== SPACE) {
          return this.fail(i, 'unexpected character after string field value: expected "," or a space', key);
        }
      } else {
        const valueStart = i;
        while (c !== COMMA && c !== SPACE && c !== -1) c = ++i < end ? body.charCodeAt(i) : -1;
        value = parseScalar(body, valueStart, i);
        if (typeof value === 'string') return this.fail(valueStart, value, key);
        if (canonical && !isCanonicalScalar(body, valueStart, i, value.kind)) canonical = false;
      }
      setOwn(fields, key, value);
      if (c !== COMMA) break;
      i++;
    }

    // Optional timestamp: c is a space, or the line ended.
    this.canonical = canonical;
    this.seriesEnd = seriesEnd;
    this.fieldsEnd = i;
    this.lineEnd = -1;
    while (c === SPACE) c = ++i < end ? body.charCodeAt(i) : -1;
    if (i >= end) {
      const ts = this.defaultTimestamp;
      return ts === undefined ? { measurement, tags, fields } : { measurement, tags, fields, timestamp: ts };
    }
    const tsStart = i;
    while (c !== SPACE && c !== TAB && c !== -1) c = ++i < end ? body.charCodeAt(i) : -1;
    const timestamp = parseTimestamp(body, tsStart, i, this.multiplier);
    if (typeof timestamp === 'string') return this.fail(tsStart, this.timestampReason(timestamp));
    if (
      canonical &&
      this.multiplier === 1n &&
      tsStart === this.fieldsEnd + 1 &&
      isCanonicalInteger(body, tsStart, i)
    )
      this.lineEnd = i;
    while (c === SPACE || c === TAB) c = ++i < end ? body.charCodeAt(i) : -1;
    if (i < end) {
      return this.fail(i, 'unexpected text after timestamp: expected the end of the line (unescaped space?)');
    }
    return { measurement, tags, fields, timestamp };
  }

  /** `body.slice(start, end)`, or the equal string taken at this position of an earlier line. */
  private take(start: number, end: number): string {
    const k = this.slot++;
    const cached = this.slots[k];
    if (cached !== undefined && cached.length === end - start && this.body.startsWith(cached, start))
      return cached;
    const s = this.body.slice(start, end);
    this.slots[k] = s;
    return s;
  }

  /**
   * Scans a measurement (`key` false: stops at an unescaped comma or space) or a tag key, tag value or field key
   * (`key` true: also stops at an unescaped equals sign). Returns the stop index; sets `escaped`.
   */
  private scanName(start: number, end: number, key: boolean): number {
    const body = this.body;
    let escaped = false;
    let i = start;
    while (i < end) {
      const c = body.charCodeAt(i);
      if (c === BACKSLASH) {
        escaped = true;
        const next = i + 1 < end ? body.charCodeAt(i + 1) : -1;
        i += next === COMMA || next === SPACE || (key && next === EQUALS) ? 2 : 1;
        continue;
      }
      if (c === COMMA || c === SPACE || (key && c === EQUALS)) break;
      i++;
    }
    this.escaped = escaped;
    return i;
  }

  private timestampReason(problem: TimestampProblem): string {
    return problem === 'syntax'
      ? `invalid timestamp: expected an integer (Unix time in ${this.precision})`
      : `timestamp out of range: must be between ${MIN_TIMESTAMP_NS} and ${MAX_TIMESTAMP_NS} ns (precision ${this.precision})`;
  }

  private fail(at: number, reason: string, field?: string): LineProtocolError {
    const body = this.body;
    const from = this.rawStart;
    const to = Math.min(at, this.rawEnd);
    let column = to - from + 1;
    for (let k = from + 1; k < to; k++) {
      const c = body.charCodeAt(k);
      if (c >= 0xdc00 && c <= 0xdfff) {
        const p = body.charCodeAt(k - 1);
        if (p >= 0xd800 && p <= 0xdbff) column--;
      }
    }
    const init = { line: this.lineNo, column, reason, text: body.slice(from, this.rawEnd) };
    return new LineProtocolError(field === undefined ? init : { ...init, field });
  }
}

/** Assigns an own property, even for the key `__proto__`. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

/** Whether a valid unquoted value of `kind` in `body[start, end)` is spelled as formatFieldValue spells it. */
function isCanonicalScalar(body: string, start: number, end: number, kind: FieldValue['kind']): boolean {
  switch (kind) {
    case 'float':
      return isCanonicalFloat(body, start, end);
    case 'integer':
    case 'unsigned':
      return isCanonicalInteger(body, start, end - 1);
    case 'boolean': {
      const first = body.charCodeAt(start);
      return (first === 116 && end - start === 4) || (first === 102 && end - start === 5); // true, false
    }
    default:
      return false;
  }
}

/** Parses an unquoted field value in `body[start, end)` (non-empty); returns the reason when invalid. */
function parseScalar(body: string, start: number, end: number): FieldValue | string {
  const first = body.charCodeAt(start);
  if ((first >= ZERO && first <= NINE) || first === MINUS || first === DOT) {
    const last = body.charCodeAt(end - 1);
    if (last === LOWER_I) {
      const v = parseIntegerDigits(body, start, end - 1, INT64_MIN, INT64_MAX);
      if (v === undefined) return INVALID_FIELD_VALUE;
      return v === null ? INT_RANGE : { kind: 'integer', value: v };
    }
    if (last === LOWER_U) {
      if (first === MINUS) return isIntegerSyntax(body, start, end - 1) ? UINT_RANGE : INVALID_FIELD_VALUE;
      const v = parseIntegerDigits(body, start, end - 1, 0n, UINT64_MAX);
      if (v === undefined) return INVALID_FIELD_VALUE;
      return v === null ? UINT_RANGE : { kind: 'unsigned', value: v };
    }
    const v = parseFloatToken(body, start, end);
    if (Number.isFinite(v)) return { kind: 'float', value: v };
    if (!Number.isNaN(v)) return FLOAT_RANGE;
    return looksNotFinite(body, start, end) ? NOT_FINITE : INVALID_FIELD_VALUE;
  }
  if (first === 116 || first === 84 || first === 102 || first === 70) {
    const len = end - start;
    if (len === 1) return { kind: 'boolean', value: first === 116 || first === 84 };
    if (len === 4 || len === 5) {
      const word = body.slice(start, end);
      if (word === 'true' || word === 'True' || word === 'TRUE') return { kind: 'boolean', value: true };
      if (word === 'false' || word === 'False' || word === 'FALSE') return { kind: 'boolean', value: false };
    }
  }
  return looksNotFinite(body, start, end) ? NOT_FINITE : INVALID_FIELD_VALUE;
}

/** `-`? digits+ */
function isIntegerSyntax(body: string, start: number, end: number): boolean {
  let i = start;
  if (i < end && body.charCodeAt(i) === MINUS) i++;
  if (i === end) return false;
  for (; i < end; i++) {
    const c = body.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

/**
 * Parses `-`? digits+ in `body[start, end)`: the value when within [min, max], null when out of range,
 * undefined when it is not an integer.
 */
function parseIntegerDigits(
  body: string,
  start: number,
  end: number,
  min: bigint,
  max: bigint,
): bigint | null | undefined {
  if (!isIntegerSyntax(body, start, end)) return undefined;
  const negative = body.charCodeAt(start) === MINUS;
  let i = negative ? start + 1 : start;
  if (end - i <= 15) {
    let n = 0;
    for (; i < end; i++) n = n * 10 + (body.charCodeAt(i) - ZERO);
    const v = BigInt(negative ? -n : n);
    return v < min || v > max ? null : v;
  }
  while (i < end - 1 && body.charCodeAt(i) === ZERO) i++;
  if (end - i > 20) return null; // more significant digits than any 64-bit value has
  const digits = BigInt(body.slice(i, end));
  const v = negative ? -digits : digits;
  return v < min || v > max ? null : v;
}

/**
 * Parses a float token `-`? (digits+ (`.` digits*)? | `.` digits+) ([eE] [+-]? digits+)?: the value, NaN when the
 * syntax is wrong, or ±Infinity when it overflows. Whole numbers of up to 15 digits are read without a substring.
 */
function parseFloatToken(body: string, start: number, end: number): number {
  let i = start;
  const negative = body.charCodeAt(i) === MINUS;
  if (negative) i++;
  let digits = 0;
  let whole = 0;
  let c = i < end ? body.charCodeAt(i) : -1;
  while (c >= ZERO && c <= NINE) {
    digits++;
    whole = whole * 10 + (c - ZERO);
    c = ++i < end ? body.charCodeAt(i) : -1;
  }
  if (c === -1 && digits > 0 && digits <= 15) return negative ? -whole : whole;
  if (c === DOT) {
    c = ++i < end ? body.charCodeAt(i) : -1;
    while (c >= ZERO && c <= NINE) {
      digits++;
      c = ++i < end ? body.charCodeAt(i) : -1;
    }
  }
  if (digits === 0) return Number.NaN;
  if (c === LOWER_E || c === UPPER_E) {
    c = ++i < end ? body.charCodeAt(i) : -1;
    if (c === PLUS || c === MINUS) c = ++i < end ? body.charCodeAt(i) : -1;
    let expDigits = 0;
    while (c >= ZERO && c <= NINE) {
      expDigits++;
      c = ++i < end ? body.charCodeAt(i) : -1;
    }
    if (expDigits === 0) return Number.NaN;
  }
  return i === end ? Number(body.slice(start, end)) : Number.NaN;
}

/** Whether an invalid value spells NaN or an infinity (any case, optional sign), for a clearer reason. */
function looksNotFinite(body: string, start: number, end: number): boolean {
  if (end - start > 9) return false;
  let word = body.slice(start, end).toLowerCase();
  if (word.startsWith('-') || word.startsWith('+')) word = word.slice(1);
  return word === 'nan' || word === 'inf' || word === 'infinity';
}

type TimestampProblem = 'syntax' | 'range';

/** Parses `-`? digits+ in `body[start, end)` times `multiplier`, checked against InfluxDB's range. */
function parseTimestamp(
  body: string,
  start: number,
  end: number,
  multiplier: bigint,
): bigint | TimestampProblem {
  if (!isIntegerSyntax(body, start, end)) return 'syntax';
  const negative = body.charCodeAt(start) === MINUS;
  let i = negative ? start + 1 : start;
  let v: bigint;
  if (end - i <= 15) {
    let n = 0;
    for (; i < end; i++) n = n * 10 + (body.charCodeAt(i) - ZERO);
    v = BigInt(negative ? -n : n);
  } else {
    while (i < end - 1 && body.charCodeAt(i) === ZERO) i++;
    if (end - i > 20) return 'range';
    const digits = BigInt(body.slice(i, end));
    v = negative ? -digits : digits;
  }
  if (multiplier !== 1n) v *= multiplier;
  return v < MIN_TIMESTAMP_NS || v > MAX_TIMESTAMP_NS ? 'range' : v;
}

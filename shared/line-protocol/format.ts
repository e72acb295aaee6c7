// Formats points as InfluxDB line protocol, one line per point, such that parseLineProtocol gives the point back.
//
// Decisions a caller must know:
// - Tags are sorted by key in UTF-8 byte order (what InfluxDB recommends); tags with an empty value are left out
//   (InfluxDB rejects empty tag values).
// - Floats use JavaScript's shortest round-trip representation (`1`, `0.1`, `1e+21`, `5e-324`; `-0` stays `-0`), so
//   an integer-valued float is written without a suffix and still parses back as a float. Integers get `i`,
//   unsigned `u`, booleans are `true`/`false`, strings are quoted with `"` and `\` escaped.
// - The timestamp (ns) is divided by the precision's unit with bigint division, which truncates toward zero
//   (-1_500_000 ns at 'ms' is -1, not -2). A point without a timestamp is written without one.
// - Programmer errors throw a plain Error: an empty measurement or key, no fields, a NaN/Infinity float, an
//   integer or timestamp out of InfluxDB's range, a line break in any name, key, tag value or string (line
//   protocol has no way to write one), a name, key or tag value ending in a backslash (it would escape the
//   separator after it), or a measurement starting with `#` or a tab (it would read back as a comment / be trimmed).
//   `formatProblem` reports these without throwing.
import { escapeKey, escapeMeasurement, escapeStringField } from './escape';
import { INT64_MAX, INT64_MIN, MAX_TIMESTAMP_NS, MIN_TIMESTAMP_NS, nsPerUnit, UINT64_MAX } from './limits';
import type { FieldValue, Point, Precision } from './types';

/** One line of line protocol for `point` (no line break); throws an Error when the point cannot be written. */
export function formatPoint(point: Point, precision: Precision = 'ns'): string {
  return joinLine(formatSeries(point), formatFieldSet(point), point.timestamp, precision);
}

/** The series key of `point` as formatPoint writes it: the measurement and its tags sorted by key. */
export function formatSeries(point: Point): string {
  const measurement = point.measurement;
  if (measurement === '') fail('empty measurement');
  const first = measurement.charCodeAt(0);
  if (first === 35 || first === 9)
    fail(`measurement ${JSON.stringify(measurement)} starts with "#" or a tab`);
  checkName(measurement, 'measurement');
  let line = escapeMeasurement(measurement);

  const tags = point.tags;
  const tagKeys = Object.keys(tags);
  if (tagKeys.length > 1) tagKeys.sort(compareUtf8);
  for (const key of tagKeys) {
    const value = tags[key]!;
    if (value === '') continue;
    if (key === '') fail('empty tag key');
    checkName(key, 'tag key');
    checkName(value, `value of tag ${JSON.stringify(key)}`);
    line += `,${escapeKey(key)}=${escapeKey(value)}`;
  }
  return line;
}

/** The field set of `point` as formatPoint writes it (in the fields' property order). */
export function formatFieldSet(point: Point): string {
  let line = '';
  for (const key in point.fields) {
    if (!Object.hasOwn(point.fields, key)) continue;
    if (key === '') fail('empty field key');
    checkName(key, 'field key');
    line += `${line === '' ? '' : ','}${escapeKey(key)}=${formatFieldValue(point.fields[key]!, key)}`;
  }
  if (line === '') fail(`point ${JSON.stringify(point.measurement)} has no fields`);
  return line;
}

/**
 * A line from a series key and field set as formatSeries and formatFieldSet write them (or as a parser found them
 * already written so: ParsedLine.seriesText) and a timestamp in ns, written in `precision`.
 */
export function joinLine(
  series: string,
  fieldSet: string,
  timestamp: bigint | undefined,
  precision: Precision = 'ns',
): string {
  if (timestamp === undefined) return `${series} ${fieldSet}`;
  if (timestamp < MIN_TIMESTAMP_NS || timestamp > MAX_TIMESTAMP_NS)
    fail(`timestamp ${timestamp} ns is outside InfluxDB's range`);
  const unit = nsPerUnit(precision);
  return `${series} ${fieldSet} ${unit === 1n ? timestamp : timestamp / unit}`;
}

/** Formats `points` one per line, each line ending with '\n' ('' for no points). */
export function formatLines(points: Point[], precision: Precision = 'ns'): string {
  let out = '';
  for (const p of points) out += `${formatPoint(p, precision)}\n`;
  return out;
}

/** Why `point` cannot be formatted (the message formatPoint would throw), or undefined when it can. */
export function formatProblem(point: Point): string | undefined {
  try {
    formatPoint(point);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Formats one field value as line protocol. */
export function formatFieldValue(value: FieldValue, key = ''): string {
  switch (value.kind) {
    case 'float': {
      const v = value.value;
      if (!Number.isFinite(v))
        fail(`field ${JSON.stringify(key)} is ${v}: line protocol has no NaN or Infinity`);
      return Object.is(v, -0) ? '-0' : String(v);
    }
    case 'integer':
      if (value.value < INT64_MIN || value.value > INT64_MAX)
        fail(`integer field ${JSON.stringify(key)} exceeds int64`);
      return `${value.value}i`;
    case 'unsigned':
      if (value.value < 0n || value.value > UINT64_MAX)
        fail(`unsigned field ${JSON.stringify(key)} exceeds uint64`);
      return `${value.value}u`;
    case 'string':
      if (value.value.includes('\n')) fail(`string field ${JSON.stringify(key)} contains a line break`);
      return `"${escapeStringField(value.value)}"`;
    case 'boolean':
      return value.value ? 'true' : 'false';
    default:
      return fail(`field ${JSON.stringify(key)} has an unknown kind`);
  }
}

/** Compares strings in UTF-8 byte order (= code point order; plain `<` is UTF-16 order). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // a surrogate encodes a code point above every BMP character
    return x - y;
  }
  return a.length - b.length;
}

function checkName(s: string, what: string): void {
  if (s.includes('\n')) fail(`${what} ${JSON.stringify(s)} contains a line break`);
  if (s.charCodeAt(s.length - 1) === 92) fail(`${what} ${JSON.stringify(s)} ends with a backslash`);
}

function fail(message: string): never {
  throw new Error(`line protocol: ${message}`);
}

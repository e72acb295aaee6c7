// Property tests: any formattable point survives formatPoint → parseLineProtocol unchanged, and no input makes the
// parser throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLines, formatPoint, formatProblem } from './format';
import { INT64_MAX, INT64_MIN, MAX_TIMESTAMP_NS, MIN_TIMESTAMP_NS, NS_PER_UNIT, UINT64_MAX } from './limits';
import { parseLineProtocol } from './parse';
import type { FieldValue, Point, Precision } from './types';

const RUNS = { numRuns: 300 };

/** Characters that matter to line protocol, mixed with any code point. */
const tricky = fc.constantFrom(',', ' ', '=', '\\', '"', '#', '\t', '\r', "'", 'é', '浙', '🚀', '\u0000');
const unit = fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
const text = (minLength: number) => fc.string({ unit, minLength, maxLength: 12 });

/** A non-empty name, key or tag value that line protocol can carry (no line feed, no trailing backslash). */
const name = fc.oneof(
  text(1).filter((s) => !s.includes('\n') && !s.endsWith('\\')),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'time', '_m'),
);
const measurement = name.filter((s) => !s.startsWith('#') && !s.startsWith('\t'));

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ kind: 'float' as const, value })),
  fc.integer().map((value) => ({ kind: 'float' as const, value })),
  fc.bigInt(INT64_MIN, INT64_MAX).map((value) => ({ kind: 'integer' as const, value })),
  fc.bigInt(0n, UINT64_MAX).map((value) => ({ kind: 'unsigned' as const, value })),
  text(0)
    .filter((s) => !s.includes('\n'))
    .map((value) => ({ kind: 'string' as const, value })),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
);

const precision = fc.constantFrom<Precision>('ns', 'us', 'ms', 's');

/** A point whose timestamp is a whole number of `p` units (the only ones that survive formatting at p). */
const pointAt = (p: Precision): fc.Arbitrary<Point> => {
  const unitNs = NS_PER_UNIT[p];
  return fc.record(
    {
      measurement,
      tags: fc
        .uniqueArray(fc.tuple(name, name), { selector: ([k]) => k, maxLength: 4 })
        .map(Object.fromEntries),
      fields: fc
        .uniqueArray(fc.tuple(name, fieldValue), { selector: ([k]) => k, minLength: 1, maxLength: 4 })
        .map(Object.fromEntries),
      timestamp: fc.bigInt(MIN_TIMESTAMP_NS / unitNs, MAX_TIMESTAMP_NS / unitNs).map((t) => t * unitNs),
    },
    { requiredKeys: ['measurement', 'tags', 'fields'] },
  );
};

const pointWithPrecision = precision.chain((p) => fc.tuple(fc.constant(p), pointAt(p)));

describe('round trip', () => {
  it('formatPoint → parseLineProtocol gives the point back, at every precision', () => {
    fc.assert(
      fc.property(pointWithPrecision, ([p, point]) => {
        expect(formatProblem(point)).toBeUndefined();
        const line = formatPoint(point, p);
        expect(line).not.toContain('\n');
        const { lines, errors } = parseLineProtocol(line, { precision: p });
        expect(errors).toEqual([]);
        expect(lines).toEqual([{ line: 1, point }]);
      }),
      RUNS,
    );
  });

  it('formatLines → parseLineProtocol gives every point back with its line number', () => {
    fc.assert(
      fc.property(fc.array(pointAt('ns'), { maxLength: 8 }), (points) => {
        const { lines, errors } = parseLineProtocol(formatLines(points));
        expect(errors).toEqual([]);
        expect(lines).toEqual(points.map((point, i) => ({ line: i + 1, point })));
      }),
      { numRuns: 100 },
    );
  });

  it('formatting is stable: parse → format reproduces the formatted line', () => {
    fc.assert(
      fc.property(pointAt('ns'), (point) => {
        const line = formatPoint(point);
        const parsed = parseLineProtocol(line).lines[0]!.point;
        expect(formatPoint(parsed)).toBe(line);
      }),
      RUNS,
    );
  });
});

describe('parseLineProtocol on arbitrary input', () => {
  const lpChars = fc.constantFrom(
    ...'m,t=v f=1i 2u"\\#-.eE+\n\r\tTFtrue 0123456789'.split(''),
    '🚀',
    '\uD800',
    '\uDC00',
  );

  function checkInvariants(body: string): void {
    const { lines, errors } = parseLineProtocol(body, { precision: 'ms' });
    const lineCount = body.split('\n').length;
    expect(lines.length + errors.length).toBeLessThanOrEqual(lineCount);
    for (const e of errors) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lineCount);
      expect(e.column).toBeGreaterThanOrEqual(1);
      expect(e.message.startsWith(`line ${e.line}, column ${e.column}: `)).toBe(true);
      expect(e.text.length).toBeLessThanOrEqual(201);
    }
    for (const { point } of lines) {
      expect(Object.keys(point.fields).length).toBeGreaterThan(0);
      expect(point.measurement).not.toBe('');
    }
  }

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkInvariants), RUNS);
  });

  it('never throws on strings made of line-protocol characters', () => {
    fc.assert(fc.property(fc.string({ unit: lpChars, maxLength: 120 }), checkInvariants), RUNS);
  });

  it('never throws on mutated valid lines', () => {
    fc.assert(
      fc.property(pointAt('ms'), fc.nat(), lpChars, (point, at, c) => {
        const line = formatPoint(point, 'ms');
        const i = at % (line.length + 1);
        checkInvariants(line.slice(0, i) + c + line.slice(i));
        checkInvariants(line.slice(0, i) + line.slice(i + 1));
      }),
      RUNS,
    );
  });
});

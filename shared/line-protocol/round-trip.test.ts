// Property tests: any formattable point survives formatPoint → parseLineProtocol unchanged, and no input makes the
// parser throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLines, formatPoint, formatProblem } from './format';
import { parseLineProtocol } from './parse';
import { lpChars, pointAt, pointWithPrecision } from './testing/arbitraries';

const RUNS = { numRuns: 300 };

describe('round trip', () => {
  it('formatPoint → parseLineProtocol gives the point back, at every precision', () => {
    fc.assert(
      fc.property(pointWithPrecision, ([p, point]) => {
        expect(formatProblem(point)).toBeUndefined();
        const line = formatPoint(point, p);
        expect(line).not.toContain('\n');
        const { lines, errors } = parseLineProtocol(line, { precision: p });
        expect(errors).toEqual([]);
        expect(lines.map(({ line, point }) => ({ line, point }))).toEqual([{ line: 1, point }]);
      }),
      RUNS,
    );
  });

  it('formatLines → parseLineProtocol gives every point back with its line number', () => {
    fc.assert(
      fc.property(fc.array(pointAt('ns'), { maxLength: 8 }), (points) => {
        const { lines, errors } = parseLineProtocol(formatLines(points));
        expect(errors).toEqual([]);
        expect(lines.map(({ line, point }) => ({ line, point }))).toEqual(
          points.map((point, i) => ({ line: i + 1, point })),
        );
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

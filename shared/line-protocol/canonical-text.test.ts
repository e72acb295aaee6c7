// The received text of a parsed line (ParsedLine.seriesText / fieldText) is handed out only when it is exactly
// what the formatter writes: the server stores it instead of formatting the point again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalFloat } from './canonical-text';
import { formatFieldValue, formatPoint, joinLine } from './format';
import { parseLineProtocol } from './parse';
import { lpChars, pointWithPrecision, precision } from './testing/arbitraries';
import type { ParsedLine, Precision } from './types';

function parsed(body: string, p: Precision = 'ns'): ParsedLine {
  const { lines, errors } = parseLineProtocol(body, { precision: p });
  expect(errors).toEqual([]);
  return lines[0]!;
}

/** Every line that has a text: the text plus its ns timestamp is formatPoint's line. */
function textsAreFormatted(lines: ParsedLine[]): void {
  for (const { point, seriesText, fieldText } of lines) {
    expect(seriesText === undefined).toBe(fieldText === undefined);
    if (seriesText !== undefined && fieldText !== undefined)
      expect(joinLine(seriesText, fieldText, point.timestamp)).toBe(formatPoint(point, 'ns'));
  }
}

describe('the received text of a parsed line', () => {
  it('is kept for lines written as formatPoint writes them, whatever the precision', () => {
    const line = parsed(
      'gate_scan,lane=l1,site=s1 plate="浙A1",n=42i,u=7u,kg=1250.5,ok=true,z=-0 1700000000000',
      'ms',
    );
    expect(line.seriesText).toBe('gate_scan,lane=l1,site=s1');
    expect(line.fieldText).toBe('plate="浙A1",n=42i,u=7u,kg=1250.5,ok=true,z=-0');
    expect(joinLine(line.seriesText!, line.fieldText!, line.point.timestamp)).toBe(formatPoint(line.point));
  });

  it.each([
    ['unsorted tags', 'm,b=1,a=2 f=1'],
    ['an escaped name', 'm\\ x f=1'],
    ['an escaped tag value', 'm,t=a\\,b f=1'],
    ['an escaped string', 'm s="a\\"b"'],
    ['two spaces before the fields', 'm  f=1'],
    ['a repeated field key', 'm f=1,f=2'],
    ['a field key starting with a digit (formatted first)', 'm a=1,0=2'],
    ['a float with a trailing zero', 'm f=1.50'],
    ['a float with a trailing point', 'm f=1.'],
    ['a float without a leading digit', 'm f=.5'],
    ['a float with an exponent', 'm f=1e5'],
    ['a float with a leading zero', 'm f=01'],
    ['a float below 1e-6', 'm f=0.0000001'],
    ['a float of more than 15 digits', 'm f=1234567890123456'],
    ['an integer with a leading zero', 'm f=007i'],
    ['a negative zero integer', 'm f=-0i'],
    ['a boolean spelled t', 'm f=t'],
    ['a boolean spelled TRUE', 'm f=TRUE'],
  ])('is not kept for %s', (_, body) => {
    const line = parsed(body);
    expect(line.seriesText).toBeUndefined();
    expect(line.fieldText).toBeUndefined();
  });

  it('is formatPoint’s text for every formatted point', () => {
    fc.assert(
      fc.property(pointWithPrecision, ([p, point]) => {
        textsAreFormatted(parseLineProtocol(formatPoint(point, p), { precision: p }).lines);
      }),
      { numRuns: 500 },
    );
  });

  it('is formatPoint’s text for any body', () => {
    fc.assert(
      fc.property(fc.string({ unit: lpChars, maxLength: 60 }), precision, (body, p) => {
        textsAreFormatted(parseLineProtocol(body, { precision: p }).lines);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isCanonicalFloat', () => {
  it('accepts only spellings the formatter writes', () => {
    const token = fc
      .tuple(fc.boolean(), fc.nat(999_999_999), fc.nat(9_999_999), fc.nat(8))
      .map(([neg, whole, frac, zeros]) => `${neg ? '-' : ''}${whole}.${'0'.repeat(zeros)}${frac}`);
    fc.assert(
      fc.property(fc.oneof(token, fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)), (t) => {
        if (isCanonicalFloat(t, 0, t.length))
          expect(formatFieldValue({ kind: 'float', value: Number(t) })).toBe(t);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts the usual sensor values', () => {
    for (const t of ['0', '-0', '42', '1250.5', '0.000001', '-3.25', '123456789012345'])
      expect(isCanonicalFloat(t, 0, t.length)).toBe(true);
  });
});

describe('the whole received line (parse option lineText)', () => {
  const withText = (body: string, p: Precision = 'ns') => {
    const { lines, errors } = parseLineProtocol(body, { precision: p, lineText: true });
    expect(errors).toEqual([]);
    return lines[0]!;
  };

  it('is kept for a formatted line with an ns timestamp, without surrounding spaces or line break', () => {
    const line = withText('  gate_scan,site=s1 plate="浙A1",n=42i 1700000000000000123 \r\n');
    expect(line.lineText).toBe('gate_scan,site=s1 plate="浙A1",n=42i 1700000000000000123');
    expect(line.lineText).toBe(formatPoint(line.point, 'ns'));
  });

  it.each([
    ['no timestamp', 'm f=1', 'ns'],
    ['another precision', 'm f=1 1700000000000', 'ms'],
    ['two spaces before the timestamp', 'm f=1  1700000000000000000', 'ns'],
    ['a timestamp with a leading zero', 'm f=1 01700000000000000000', 'ns'],
    ['a negative zero timestamp', 'm f=1 -0', 'ns'],
    ['a line not kept as received', 'm f=1.50 1700000000000000000', 'ns'],
  ] as const)('is not kept for %s', (_, body, p) => {
    expect(withText(body, p).lineText).toBeUndefined();
  });

  it('is not handed out without the option', () => {
    expect(parsed('m f=1 1700000000000000000')).not.toHaveProperty('lineText');
  });

  it('is joinLine’s line for any body', () => {
    fc.assert(
      fc.property(fc.string({ unit: lpChars, maxLength: 60 }), precision, (body, p) => {
        for (const l of parseLineProtocol(body, { precision: p, lineText: true }).lines) {
          if (l.lineText === undefined) continue;
          expect(l.seriesText).toBeDefined();
          expect(l.lineText).toBe(joinLine(l.seriesText!, l.fieldText!, l.point.timestamp));
          expect(l.lineText).toBe(formatPoint(l.point, 'ns'));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is joinLine’s line for every formatted point', () => {
    fc.assert(
      fc.property(pointWithPrecision, ([, point]) => {
        const text = formatPoint(point, 'ns');
        for (const l of parseLineProtocol(text, { lineText: true }).lines)
          if (l.lineText !== undefined) expect(l.lineText).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

// Formatter tests: exact output for each element and value type, precision conversion, and programmer errors.
import { describe, expect, it } from 'vitest';
import {
  escapeKey,
  escapeMeasurement,
  escapeStringField,
  unescapeKey,
  unescapeMeasurement,
  unescapeStringField,
} from './escape';
import { compareUtf8, formatLines, formatPoint, formatProblem } from './format';
import type { FieldValue, Point } from './types';

const float = (value: number): FieldValue => ({ kind: 'float', value });
const int = (value: bigint): FieldValue => ({ kind: 'integer', value });
const uint = (value: bigint): FieldValue => ({ kind: 'unsigned', value });
const str = (value: string): FieldValue => ({ kind: 'string', value });
const bool = (value: boolean): FieldValue => ({ kind: 'boolean', value });

function point(fields: Record<string, FieldValue>, extra: Partial<Point> = {}): Point {
  return { measurement: 'm', tags: {}, fields, ...extra };
}

describe('escape', () => {
  it('escapes each element with its own characters', () => {
    expect(escapeMeasurement('a, b=c"d\\')).toBe('a\\,\\ b=c"d\\');
    expect(escapeKey('a, b=c"d\\')).toBe('a\\,\\ b\\=c"d\\');
    expect(escapeStringField('a, b=c"d\\')).toBe('a, b=c\\"d\\\\');
    expect(escapeKey('plain')).toBe('plain');
  });

  it('unescapes what it escapes, and keeps backslashes that escape nothing', () => {
    for (const s of ['a, b=c"d', 'x\\y', 'x\\,y', '\\\\ z', '']) {
      expect(unescapeMeasurement(escapeMeasurement(s))).toBe(s);
      expect(unescapeKey(escapeKey(s))).toBe(s);
      expect(unescapeStringField(escapeStringField(s))).toBe(s);
    }
    expect(unescapeMeasurement('a\\=b')).toBe('a\\=b');
    expect(unescapeKey('a\\=b\\x')).toBe('a=b\\x');
    expect(unescapeStringField('a\\nb\\"\\\\')).toBe('a\\nb"\\');
  });
});

describe('formatPoint', () => {
  it('writes measurement, sorted tags, fields and timestamp', () => {
    expect(
      formatPoint({
        measurement: 'weather',
        tags: { location: 'us-midwest', host: 'a' },
        fields: { temperature: float(82), humidity: int(71n) },
        timestamp: 1465839830100400200n,
      }),
    ).toBe('weather,host=a,location=us-midwest temperature=82,humidity=71i 1465839830100400200');
  });

  it('writes every value type', () => {
    expect(
      formatPoint(
        point({
          f: float(1.5),
          whole: float(82),
          neg: float(-1.234456e78),
          big: float(1e21),
          tiny: float(5e-324),
          negZero: float(-0),
          i: int(-9223372036854775808n),
          u: uint(18446744073709551615n),
          s: str('too hot'),
          t: bool(true),
          b: bool(false),
        }),
      ),
    ).toBe(
      'm f=1.5,whole=82,neg=-1.234456e+78,big=1e+21,tiny=5e-324,negZero=-0,i=-9223372036854775808i,' +
        'u=18446744073709551615u,s="too hot",t=true,b=false',
    );
  });

  it('writes floats in their shortest round-trip form', () => {
    for (const v of [
      0.1,
      0.1 + 0.2,
      1 / 3,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      -123456789.125,
      2 ** 53 + 2,
    ]) {
      const text = formatPoint(point({ f: float(v) })).slice('m f='.length);
      expect(text).toBe(String(v));
      expect(Number(text)).toBe(v);
    }
  });

  it('escapes names, keys, tag values and strings', () => {
    expect(
      formatPoint({
        measurement: 'my measurement,x=y',
        tags: { 'tag key': 'tag,value=x y', 'k"q': '"v"' },
        fields: { 'field key,=': str('Launch "Helios" \\o/'), 'field_k\\ey': float(1) },
      }),
    ).toBe(
      'my\\ measurement\\,x=y,k"q="v",tag\\ key=tag\\,value\\=x\\ y ' +
        'field\\ key\\,\\==' +
        '"Launch \\"Helios\\" \\\\o/",field_k\\ey=1',
    );
  });

  it('leaves out tags with empty values', () => {
    expect(formatPoint({ measurement: 'm', tags: { a: '', b: 'x', c: '' }, fields: { f: float(1) } })).toBe(
      'm,b=x f=1',
    );
  });

  it('sorts tag keys in UTF-8 byte order, not UTF-16 order', () => {
    // U+FF5E (3 UTF-8 bytes EF BD 9E) sorts before U+1F680 (F0 9F 9A 80), though its UTF-16 unit is larger.
    const tags = { '🚀': '1', '～': '2', B: '3', a: '4', A: '5', é: '6' };
    expect(formatPoint({ measurement: 'm', tags, fields: { f: float(1) } })).toBe(
      'm,A=5,B=3,a=4,é=6,～=2,🚀=1 f=1',
    );
    expect(['🚀', '～'].sort(compareUtf8)).toEqual(['～', '🚀']);
    expect(compareUtf8('ab', 'a')).toBeGreaterThan(0);
    expect(compareUtf8('a', 'a')).toBe(0);
  });

  it('converts the timestamp to the precision, truncating toward zero', () => {
    const p = point({ f: float(1) }, { timestamp: 1556813561098765432n });
    expect(formatPoint(p)).toBe('m f=1 1556813561098765432');
    expect(formatPoint(p, 'ns')).toBe('m f=1 1556813561098765432');
    expect(formatPoint(p, 'us')).toBe('m f=1 1556813561098765');
    expect(formatPoint(p, 'ms')).toBe('m f=1 1556813561098');
    expect(formatPoint(p, 's')).toBe('m f=1 1556813561');
    expect(formatPoint(point({ f: float(1) }, { timestamp: -1_500_000n }), 'ms')).toBe('m f=1 -1');
    expect(formatPoint(point({ f: float(1) }, { timestamp: 0n }), 's')).toBe('m f=1 0');
  });

  it('writes no timestamp when the point has none', () => {
    expect(formatPoint(point({ f: float(1) }), 'ms')).toBe('m f=1');
  });

  it('keeps a carriage return inside values (only line feeds are impossible)', () => {
    expect(formatPoint({ measurement: 'm\r', tags: { t: 'a\rb' }, fields: { s: str('x\r') } })).toBe(
      'm\r,t=a\rb s="x\r"',
    );
  });

  it('throws a plain Error for points line protocol cannot express', () => {
    const cases: [Point, RegExp][] = [
      [{ measurement: '', tags: {}, fields: { f: float(1) } }, /empty measurement/],
      [{ measurement: 'm', tags: {}, fields: {} }, /has no fields/],
      [{ measurement: 'm', tags: { a: '' }, fields: {} }, /has no fields/],
      [point({ f: float(Number.NaN) }), /NaN/],
      [point({ f: float(Number.POSITIVE_INFINITY) }), /Infinity/],
      [point({ f: float(Number.NEGATIVE_INFINITY) }), /Infinity/],
      [point({ i: int(9223372036854775808n) }), /int64/],
      [point({ i: int(-9223372036854775809n) }), /int64/],
      [point({ u: uint(-1n) }), /uint64/],
      [point({ u: uint(18446744073709551616n) }), /uint64/],
      [point({ s: str('two\nlines') }), /line break/],
      [point({ 'a\nb': float(1) }), /field key .* line break/],
      [point({ '': float(1) }), /empty field key/],
      [point({ 'k\\': float(1) }), /ends with a backslash/],
      [{ measurement: 'm\n', tags: {}, fields: { f: float(1) } }, /measurement .* line break/],
      [{ measurement: 'm\\', tags: {}, fields: { f: float(1) } }, /measurement .* ends with a backslash/],
      [{ measurement: '#m', tags: {}, fields: { f: float(1) } }, /starts with "#"/],
      [{ measurement: '\tm', tags: {}, fields: { f: float(1) } }, /or a tab/],
      [{ measurement: 'm', tags: { '': 'v' }, fields: { f: float(1) } }, /empty tag key/],
      [{ measurement: 'm', tags: { t: 'v\n' }, fields: { f: float(1) } }, /value of tag "t" .* line break/],
      [{ measurement: 'm', tags: { t: 'v\\' }, fields: { f: float(1) } }, /ends with a backslash/],
      [
        { measurement: 'm', tags: { 't\\': 'v' }, fields: { f: float(1) } },
        /tag key .* ends with a backslash/,
      ],
      [point({ f: float(1) }, { timestamp: 9223372036854775807n }), /timestamp .* outside/],
      [point({ f: float(1) }, { timestamp: -9223372036854775807n }), /timestamp .* outside/],
    ];
    for (const [p, message] of cases) {
      expect(
        () => formatPoint(p),
        JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? `${v}` : v)),
      ).toThrow(message);
      expect(formatProblem(p)).toMatch(message);
    }
    expect(formatProblem(point({ f: float(1) }))).toBeUndefined();
  });

  it('allows names that merely contain or start with special characters', () => {
    expect(formatPoint({ measurement: ' m#', tags: { '#t': ' v' }, fields: { ' f': float(1) } })).toBe(
      '\\ m#,#t=\\ v \\ f=1',
    );
  });
});

describe('formatLines', () => {
  it('writes one line per point, each ending with a line break', () => {
    const points = [point({ a: int(1n) }, { timestamp: 2_000_000n }), point({ b: bool(true) })];
    expect(formatLines(points, 'ms')).toBe('m a=1i 2\nm b=true\n');
    expect(formatLines(points)).toBe('m a=1i 2000000\nm b=true\n');
    expect(formatLines([])).toBe('');
  });
});

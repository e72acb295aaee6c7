// Parser tests: the examples of InfluxDB's line protocol reference, portpulse's decisions, and every error case.
import { describe, expect, it } from 'vitest';
import { INVALID_FIELD_VALUE, type ParseOptions, parseLineProtocol } from './parse';
import { LineProtocolError } from './parse-error';
import type { FieldValue, Point } from './types';

/** The single point of a one-line body that must parse cleanly. */
function one(body: string, options?: ParseOptions): Point {
  const { lines, errors } = parseLineProtocol(body, options);
  expect(errors).toEqual([]);
  expect(lines).toHaveLength(1);
  return lines[0]!.point;
}

/** The single error of a body with one bad line. */
function bad(body: string, options?: ParseOptions): LineProtocolError {
  const { lines, errors } = parseLineProtocol(body, options);
  expect(lines).toEqual([]);
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

/** line, column, reason and field of an error, for one-line assertions. */
function where(e: LineProtocolError): { line: number; column: number; reason: string; field?: string } {
  return e.field === undefined
    ? { line: e.line, column: e.column, reason: e.reason }
    : { line: e.line, column: e.column, reason: e.reason, field: e.field };
}

const float = (value: number): FieldValue => ({ kind: 'float', value });
const int = (value: bigint): FieldValue => ({ kind: 'integer', value });
const uint = (value: bigint): FieldValue => ({ kind: 'unsigned', value });
const str = (value: string): FieldValue => ({ kind: 'string', value });
const bool = (value: boolean): FieldValue => ({ kind: 'boolean', value });

describe('parseLineProtocol: reference examples', () => {
  it('parses the syntax example with tags, a string field and a timestamp', () => {
    expect(one('myMeasurement,tag1=value1,tag2=value2 fieldKey="fieldValue" 1556813561098000000')).toEqual({
      measurement: 'myMeasurement',
      tags: { tag1: 'value1', tag2: 'value2' },
      fields: { fieldKey: str('fieldValue') },
      timestamp: 1556813561098000000n,
    });
  });

  it('parses a measurement with a field and no tags', () => {
    expect(one('weather temperature=82 1465839830100400200')).toEqual({
      measurement: 'weather',
      tags: {},
      fields: { temperature: float(82) },
      timestamp: 1465839830100400200n,
    });
  });

  it('parses multiple fields', () => {
    expect(one('weather,location=us-midwest temperature=82,humidity=71 1465839830100400200').fields).toEqual({
      temperature: float(82),
      humidity: float(71),
    });
  });

  it('leaves the timestamp out when the line has none and no default is given', () => {
    const p = one('weather,location=us-midwest temperature=82');
    expect(p.timestamp).toBeUndefined();
    expect('timestamp' in p).toBe(false);
  });

  it('uses defaultTimestamp (already ns, whatever the precision) when the line has none', () => {
    expect(one('weather temperature=82', { precision: 's', defaultTimestamp: 123n }).timestamp).toBe(123n);
    expect(one('weather temperature=82 5', { precision: 's', defaultTimestamp: 123n }).timestamp).toBe(
      5_000_000_000n,
    );
  });

  it('parses floats in every documented form', () => {
    const cases: [string, number][] = [
      ['1.0', 1],
      ['1', 1],
      ['-1.234456e+78', -1.234456e78],
      ['1.e+78', 1e78],
      ['1.E+78', 1e78],
      ['1E5', 1e5],
      ['-1.5e10', -1.5e10],
      ['1e-5', 1e-5],
      ['1.', 1],
      ['.5', 0.5],
      ['-.5', -0.5],
      ['007', 7],
      ['0.1', 0.1],
      ['5e-324', 5e-324],
      ['1.7976931348623157e308', Number.MAX_VALUE],
    ];
    for (const [text, value] of cases) expect(one(`m f=${text}`).fields.f, text).toEqual(float(value));
    expect(Object.is((one('m f=-0').fields.f as { value: number }).value, -0)).toBe(true);
  });

  it('parses integers with i within int64', () => {
    expect(one('m a=1i,b=12485903i,c=-12485903i,d=0i,e=-0i').fields).toEqual({
      a: int(1n),
      b: int(12485903n),
      c: int(-12485903n),
      d: int(0n),
      e: int(0n),
    });
    expect(one('m min=-9223372036854775808i,max=9223372036854775807i').fields).toEqual({
      min: int(-9223372036854775808n),
      max: int(9223372036854775807n),
    });
    expect(one('m f=0000000000000000000000042i').fields.f).toEqual(int(42n));
  });

  it('parses unsigned integers with u within uint64', () => {
    expect(one('m a=1u,b=12485903u,c=0u,max=18446744073709551615u').fields).toEqual({
      a: uint(1n),
      b: uint(12485903n),
      c: uint(0n),
      max: uint(18446744073709551615n),
    });
  });

  it('parses booleans in every spelling', () => {
    for (const t of ['t', 'T', 'true', 'True', 'TRUE'])
      expect(one(`m f=${t}`).fields.f, t).toEqual(bool(true));
    for (const f of ['f', 'F', 'false', 'False', 'FALSE'])
      expect(one(`m f=${f}`).fields.f, f).toEqual(bool(false));
  });

  it('parses string fields with spaces, commas and equals signs', () => {
    expect(one('myMeasurement fieldKey="this is a string"').fields.fieldKey).toEqual(str('this is a string'));
    expect(
      one('weather,location=us-midwest temperature="too warm" 1465839830100400200').fields.temperature,
    ).toEqual(str('too warm'));
    expect(one('weather too_hot="too hot"').fields.too_hot).toEqual(str('too hot'));
    expect(one('m s="a, b=c d",n=1i').fields).toEqual({ s: str('a, b=c d'), n: int(1n) });
    expect(one('m s="",t="true"').fields).toEqual({ s: str(''), t: str('true') });
  });

  it('unescapes double quotes in string fields', () => {
    expect(one(String.raw`m string_field="Launch \"Helios\""`).fields.string_field).toEqual(
      str('Launch "Helios"'),
    );
    expect(
      one(String.raw`weather,location=us-midwest temperature="too\"hot\"" 1465839830100400200`).fields,
    ).toEqual({
      temperature: str('too"hot"'),
    });
    expect(one(String.raw`myMeasurement fieldKey="\"string\" within a string"`).fields.fieldKey).toEqual(
      str('"string" within a string'),
    );
  });

  it('reads backslashes in string fields as the reference tutorial shows', () => {
    const body = [
      'weather,location=us-midwest temperature_str="too hot/cold" 1465839830100400201',
      String.raw`weather,location=us-midwest temperature_str="too hot\cold" 1465839830100400202`,
      String.raw`weather,location=us-midwest temperature_str="too hot\\cold" 1465839830100400203`,
      String.raw`weather,location=us-midwest temperature_str="too hot\\\cold" 1465839830100400204`,
      String.raw`weather,location=us-midwest temperature_str="too hot\\\\cold" 1465839830100400205`,
      String.raw`weather,location=us-midwest temperature_str="too hot\\\\\cold" 1465839830100400206`,
    ].join('\n');
    const { lines, errors } = parseLineProtocol(body);
    expect(errors).toEqual([]);
    expect(lines.map((l) => (l.point.fields.temperature_str as { value: string }).value)).toEqual([
      'too hot/cold',
      String.raw`too hot\cold`,
      String.raw`too hot\cold`,
      String.raw`too hot\\cold`,
      String.raw`too hot\\cold`,
      String.raw`too hot\\\cold`,
    ]);
    expect(one(String.raw`m s="ends with \\"`).fields.s).toEqual(str('ends with \\'));
    expect(one(String.raw`m s="\\\""`).fields.s).toEqual(str('\\"'));
  });

  it('unescapes commas and spaces in measurements', () => {
    expect(one(String.raw`my\ Measurement fieldKey="string value"`).measurement).toBe('my Measurement');
    expect(one(String.raw`my\,measurement f=1`).measurement).toBe('my,measurement');
    expect(
      one(String.raw`wea\,ther,location=us-midwest temperature=82 1465839830100400200`).measurement,
    ).toBe('wea,ther');
    expect(
      one(String.raw`wea\ ther,location=us-midwest temperature=82 1465839830100400200`).measurement,
    ).toBe('wea ther');
  });

  it('unescapes commas, equals signs and spaces in tag keys, tag values and field keys', () => {
    expect(
      one(String.raw`myMeasurement,tag\ Key1=tag\ Value1,tag\ Key2=tag\ Value2 fieldKey=100`).tags,
    ).toEqual({
      'tag Key1': 'tag Value1',
      'tag Key2': 'tag Value2',
    });
    expect(one(String.raw`weather,location=us\,midwest temperature=82 1465839830100400200`).tags).toEqual({
      location: 'us,midwest',
    });
    expect(one(String.raw`weather,location=us-midwest temp\=rature=82 1465839830100400200`).fields).toEqual({
      'temp=rature': float(82),
    });
    expect(
      one(String.raw`weather,location\ place=us-midwest temperature=82 1465839830100400200`).tags,
    ).toEqual({
      'location place': 'us-midwest',
    });
    expect(one(String.raw`m,k\=ey=v\=al\,ue\ x f\,k\ =1`)).toEqual({
      measurement: 'm',
      tags: { 'k=ey': 'v=al,ue x' },
      fields: { 'f,k ': float(1) },
    });
  });

  it('parses the reference example with quotes, emoji and a literal backslash', () => {
    const line = String.raw`"measurement\ with\ quo⚡️es\ and\ emoji",tag\ key\ with\ sp🚀ces=tag\,value\,with"commas" field_k\ey="string field value, only \" need be esc🍭ped"`;
    expect(one(line)).toEqual({
      measurement: '"measurement with quo⚡️es and emoji"',
      tags: { 'tag key with sp🚀ces': 'tag,value,with"commas"' },
      fields: { 'field_k\\ey': str('string field value, only " need be esc🍭ped') },
    });
    expect(one('myMeasurement,tagKey=🍭 fieldKey="Launch 🚀" 1556813561098000000')).toEqual({
      measurement: 'myMeasurement',
      tags: { tagKey: '🍭' },
      fields: { fieldKey: str('Launch 🚀') },
      timestamp: 1556813561098000000n,
    });
    expect(one('we⛅️ther,location=us-midwest temper🔥ture=82 1465839830100400200').measurement).toBe(
      'we⛅️ther',
    );
  });

  it('keeps a backslash that escapes nothing, as InfluxDB does', () => {
    expect(one(String.raw`m\x,t\k=v\\ w f\y=1`)).toEqual({
      measurement: 'm\\x',
      tags: { 't\\k': 'v\\ w' },
      fields: { 'f\\y': float(1) },
    });
    // `=` is not special in a measurement, so `\=` stays as written.
    expect(one(String.raw`m\=x f=1`).measurement).toBe('m\\=x');
  });

  it('converts timestamps of each precision to nanoseconds', () => {
    expect(one('m f=1 1556813561098000000').timestamp).toBe(1556813561098000000n);
    expect(one('m f=1 1556813561098000000', { precision: 'ns' }).timestamp).toBe(1556813561098000000n);
    expect(one('m f=1 1556813561098000', { precision: 'us' }).timestamp).toBe(1556813561098000000n);
    expect(one('m f=1 1556813561098', { precision: 'ms' }).timestamp).toBe(1556813561098000000n);
    expect(one('m f=1 1556813561', { precision: 's' }).timestamp).toBe(1556813561000000000n);
    expect(one('m f=1 -1', { precision: 's' }).timestamp).toBe(-1_000_000_000n);
    expect(one('m f=1 0').timestamp).toBe(0n);
  });

  it('accepts timestamps at the edges of InfluxDB range', () => {
    expect(one('m f=1 9223372036854775806').timestamp).toBe(9223372036854775806n);
    expect(one('m f=1 -9223372036854775806').timestamp).toBe(-9223372036854775806n);
    expect(one('m f=1 9223372036', { precision: 's' }).timestamp).toBe(9223372036000000000n);
    expect(one('m f=1 -9223372036854775', { precision: 'us' }).timestamp).toBe(-9223372036854775000n);
  });

  it('skips comments and blank lines but counts them', () => {
    const body = [
      '# This is a comment',
      'myMeasurement fieldKey="string value" 1556813561098000000',
      '',
      '   ',
      '  # indented comment with "quotes" and = signs',
      '\t',
      'm f=2',
      '#',
    ].join('\n');
    const { lines, errors } = parseLineProtocol(body);
    expect(errors).toEqual([]);
    expect(lines.map((l) => l.line)).toEqual([2, 7]);
  });

  it('accepts CRLF, a trailing line break, surrounding spaces and runs of separating spaces', () => {
    const { lines, errors } = parseLineProtocol('a f=1 1\r\n\r\nb f=2\r\n  c,t=x   f=3   3  \t\r\n');
    expect(errors).toEqual([]);
    expect(lines).toEqual([
      {
        line: 1,
        point: { measurement: 'a', tags: {}, fields: { f: float(1) }, timestamp: 1n },
        seriesText: 'a',
        fieldText: 'f=1',
      },
      {
        line: 3,
        point: { measurement: 'b', tags: {}, fields: { f: float(2) } },
        seriesText: 'b',
        fieldText: 'f=2',
      },
      // Runs of spaces are not what formatPoint writes: no text.
      { line: 4, point: { measurement: 'c', tags: { t: 'x' }, fields: { f: float(3) }, timestamp: 3n } },
    ]);
    expect(one('m s="x\r" 1\r').fields.s).toEqual(str('x\r'));
  });

  it('keeps the last value of a repeated field key', () => {
    expect(one('m f=1,f=2i').fields).toEqual({ f: int(2n) });
  });

  it('stores keys such as __proto__ and constructor as own properties', () => {
    const p = one('m,__proto__=a,constructor=b __proto__=1i,toString=2i');
    expect(Object.getPrototypeOf(p.tags)).toBe(Object.prototype);
    expect(Object.keys(p.tags)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(p.tags, '__proto__')?.value).toBe('a');
    expect(Object.keys(p.fields)).toEqual(['__proto__', 'toString']);
    expect(Object.getOwnPropertyDescriptor(p.fields, '__proto__')?.value).toEqual(int(1n));
  });

  // No stopwatch here: on a loaded 2-core box these lines took 5 s where an idle one takes well under 1 s, so a
  // time bound fails on load, not on the parser (parsing speed is measured by `npm run bench`).
  it('parses huge lines (many tags, fields, long numbers) and names what is wrong in them', () => {
    const tags = Array.from({ length: 50_000 }, (_, i) => `,t${i}=v`).join('');
    const fields = Array.from({ length: 50_000 }, (_, i) => `f${i}=${i}i`).join(',');
    expect(Object.keys(one(`m${tags} ${fields}`).tags)).toHaveLength(50_000);
    expect(bad(`m${tags},t49999=again f=1`).reason).toBe('duplicate tag key "t49999"');
    expect(bad(`m f=${'1'.repeat(1_000_000)}i`).reason).toMatch(/^integer field value out of range/);
    expect(bad(`m f=1 ${'1'.repeat(1_000_000)}`).reason).toMatch(/^timestamp out of range/);
  });

  it('keeps the valid lines of a partly bad batch', () => {
    const body = ['a f=1i', 'b f=', '# c', 'c f=2i', 'd', 'e f=3i'].join('\n');
    const { lines, errors } = parseLineProtocol(body);
    expect(lines.map((l) => [l.line, l.point.measurement])).toEqual([
      [1, 'a'],
      [4, 'c'],
      [6, 'e'],
    ]);
    expect(errors.map(where)).toEqual([
      { line: 2, column: 5, reason: 'missing field value', field: 'f' },
      { line: 5, column: 2, reason: 'missing fields: expected at least one field_key=field_value' },
    ]);
  });

  it('returns nothing for an empty body', () => {
    expect(parseLineProtocol('')).toEqual({ lines: [], errors: [] });
    expect(parseLineProtocol('\n\n# only comments\n')).toEqual({ lines: [], errors: [] });
  });

  it('throws a TypeError for an unknown precision (a caller bug, not bad input)', () => {
    expect(() => parseLineProtocol('m f=1', { precision: 'h' as never })).toThrow(TypeError);
  });
});

describe('parseLineProtocol: errors', () => {
  const cases: { body: string; line?: number; column: number; reason: string; field?: string }[] = [
    // measurement and tags
    { body: ',t=v f=1', column: 1, reason: 'missing measurement' },
    { body: '  ,t=v f=1', column: 3, reason: 'missing measurement' },
    { body: 'cpu', column: 4, reason: 'missing fields: expected at least one field_key=field_value' },
    { body: 'cpu   ', column: 4, reason: 'missing fields: expected at least one field_key=field_value' },
    { body: 'cpu,host=a', column: 11, reason: 'missing fields: expected at least one field_key=field_value' },
    {
      body: 'cpu,host f=1',
      column: 9,
      reason: 'missing "=" after tag key "host": expected tag_key=tag_value',
    },
    { body: 'cpu,host', column: 9, reason: 'missing "=" after tag key "host": expected tag_key=tag_value' },
    { body: 'cpu,=a f=1', column: 5, reason: 'missing tag key: expected tag_key=tag_value after ","' },
    { body: 'cpu, f=1', column: 5, reason: 'missing tag key: expected tag_key=tag_value after ","' },
    { body: 'cpu,a=1, f=1', column: 9, reason: 'missing tag key: expected tag_key=tag_value after ","' },
    { body: 'cpu,host= f=1', column: 10, reason: 'empty value for tag "host": omit the tag instead' },
    { body: 'cpu,host=,a=b f=1', column: 10, reason: 'empty value for tag "host": omit the tag instead' },
    {
      body: 'cpu,host=a=b f=1',
      column: 11,
      reason: 'unescaped "=" in the value of tag "host": escape it as \\=',
    },
    { body: 'cpu,a=1,b=2,a=3 f=1', column: 13, reason: 'duplicate tag key "a"' },
    // fields
    {
      body: 'cpu f',
      column: 6,
      reason: 'missing "=" after field key: expected field_key=field_value',
      field: 'f',
    },
    {
      body: 'cpu f 123',
      column: 6,
      reason: 'missing "=" after field key: expected field_key=field_value',
      field: 'f',
    },
    {
      body: 'cpu f=1,g',
      column: 10,
      reason: 'missing "=" after field key: expected field_key=field_value',
      field: 'g',
    },
    { body: 'cpu f=', column: 7, reason: 'missing field value', field: 'f' },
    { body: 'cpu f=,g=1', column: 7, reason: 'missing field value', field: 'f' },
    { body: 'cpu f= 1', column: 7, reason: 'missing field value', field: 'f' },
    { body: 'cpu =1', column: 5, reason: 'missing field key: expected field_key=field_value' },
    { body: 'cpu f=1,', column: 9, reason: 'missing field key: expected field_key=field_value' },
    { body: 'cpu f=1,,g=2', column: 9, reason: 'missing field key: expected field_key=field_value' },
    { body: 'cpu f=1,=2', column: 9, reason: 'missing field key: expected field_key=field_value' },
    // field values
    { body: 'cpu f=abc', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: "cpu f='too warm'", column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1.2.3', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1e', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1e+', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=.', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=-', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=+1', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1x', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=0x1F', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1_000', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1.5i', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1e3i', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1iu', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=-i', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=1.5u', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=tru', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=truee', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=tRUE', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'cpu f=yes', column: 7, reason: INVALID_FIELD_VALUE, field: 'f' },
    {
      body: 'cpu f=NaN',
      column: 7,
      reason: 'invalid field value: NaN and Infinity are not supported',
      field: 'f',
    },
    {
      body: 'cpu f=nan',
      column: 7,
      reason: 'invalid field value: NaN and Infinity are not supported',
      field: 'f',
    },
    {
      body: 'cpu f=-Inf',
      column: 7,
      reason: 'invalid field value: NaN and Infinity are not supported',
      field: 'f',
    },
    {
      body: 'cpu f=+inf',
      column: 7,
      reason: 'invalid field value: NaN and Infinity are not supported',
      field: 'f',
    },
    {
      body: 'cpu f=Infinity',
      column: 7,
      reason: 'invalid field value: NaN and Infinity are not supported',
      field: 'f',
    },
    { body: 'cpu f=1e400', column: 7, reason: 'float field value out of range', field: 'f' },
    { body: 'cpu f=-1e309', column: 7, reason: 'float field value out of range', field: 'f' },
    {
      body: 'cpu f=9223372036854775808i',
      column: 7,
      reason:
        'integer field value out of range: must be between -9223372036854775808i and 9223372036854775807i',
      field: 'f',
    },
    {
      body: 'cpu g=1,f=-9223372036854775809i',
      column: 11,
      reason:
        'integer field value out of range: must be between -9223372036854775808i and 9223372036854775807i',
      field: 'f',
    },
    {
      body: `cpu f=${'9'.repeat(500)}i`,
      column: 7,
      reason:
        'integer field value out of range: must be between -9223372036854775808i and 9223372036854775807i',
      field: 'f',
    },
    {
      body: 'cpu f=18446744073709551616u',
      column: 7,
      reason: 'unsigned field value out of range: must be between 0u and 18446744073709551615u',
      field: 'f',
    },
    {
      body: 'cpu f=-1u',
      column: 7,
      reason: 'unsigned field value out of range: must be between 0u and 18446744073709551615u',
      field: 'f',
    },
    // strings
    {
      body: 'cpu f="abc',
      column: 7,
      reason: 'unterminated string field value: no closing double quote before the end of the line',
      field: 'f',
    },
    {
      body: String.raw`cpu f="abc\"`,
      column: 7,
      reason: 'unterminated string field value: no closing double quote before the end of the line',
      field: 'f',
    },
    {
      body: 'cpu f="abc\\',
      column: 7,
      reason: 'unterminated string field value: no closing double quote before the end of the line',
      field: 'f',
    },
    {
      body: 'cpu f="a"b',
      column: 10,
      reason: 'unexpected character after string field value: expected "," or a space',
      field: 'f',
    },
    {
      body: 'cpu f="a""b"',
      column: 10,
      reason: 'unexpected character after string field value: expected "," or a space',
      field: 'f',
    },
    // timestamps
    { body: 'cpu f=1 abc', column: 9, reason: 'invalid timestamp: expected an integer (Unix time in ns)' },
    { body: 'cpu f=1 1.5', column: 9, reason: 'invalid timestamp: expected an integer (Unix time in ns)' },
    { body: 'cpu f=1 -', column: 9, reason: 'invalid timestamp: expected an integer (Unix time in ns)' },
    { body: 'cpu f=1 1e9', column: 9, reason: 'invalid timestamp: expected an integer (Unix time in ns)' },
    {
      body: 'cpu f=1 "1465839830100400200"',
      column: 9,
      reason: 'invalid timestamp: expected an integer (Unix time in ns)',
    },
    { body: 'cpu f=1 g=2', column: 9, reason: 'invalid timestamp: expected an integer (Unix time in ns)' },
    {
      body: 'cpu f=1 9223372036854775807',
      column: 9,
      reason:
        'timestamp out of range: must be between -9223372036854775806 and 9223372036854775806 ns (precision ns)',
    },
    {
      body: 'cpu f=1 -9223372036854775807',
      column: 9,
      reason:
        'timestamp out of range: must be between -9223372036854775806 and 9223372036854775806 ns (precision ns)',
    },
    {
      body: `cpu f=1 ${'1'.repeat(400)}`,
      column: 9,
      reason:
        'timestamp out of range: must be between -9223372036854775806 and 9223372036854775806 ns (precision ns)',
    },
    {
      body: 'cpu f=1 123 456',
      column: 13,
      reason: 'unexpected text after timestamp: expected the end of the line (unescaped space?)',
    },
    {
      body: 'cpu f=1 123 123',
      column: 13,
      reason: 'unexpected text after timestamp: expected the end of the line (unescaped space?)',
    },
    // line breaks end the line, even inside a string field value
    {
      body: 'cpu f="first\nsecond"',
      column: 7,
      reason: 'unterminated string field value: no closing double quote before the end of the line',
      field: 'f',
    },
    // columns count characters, not UTF-16 code units
    { body: '浙A f=x', column: 6, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: '🚀,🍭=🔥 f=x', column: 9, reason: INVALID_FIELD_VALUE, field: 'f' },
    { body: 'm s="🚀",🍭=', column: 11, reason: 'missing field value', field: '🍭' },
  ];

  for (const c of cases) {
    it(`${JSON.stringify(c.body.length > 60 ? `${c.body.slice(0, 60)}…` : c.body)}: ${c.reason}`, () => {
      const { lines, errors } = parseLineProtocol(c.body);
      expect(errors.length).toBeGreaterThanOrEqual(1);
      const expected = { line: c.line ?? 1, column: c.column, reason: c.reason };
      expect(where(errors[0]!)).toEqual(c.field === undefined ? expected : { ...expected, field: c.field });
      if (!c.body.includes('\n')) expect(lines).toEqual([]);
    });
  }

  it('reports the second line of a string broken by a line break on its own', () => {
    const { lines, errors } = parseLineProtocol('cpu f="first\nsecond" 1\nok f=1');
    expect(lines.map((l) => l.line)).toEqual([3]);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [1, 7],
      [2, 10],
    ]);
  });

  it('reads out-of-range timestamps with the precision in mind', () => {
    expect(where(bad('cpu f=1 9223372037', { precision: 's' }))).toEqual({
      line: 1,
      column: 9,
      reason:
        'timestamp out of range: must be between -9223372036854775806 and 9223372036854775806 ns (precision s)',
    });
    expect(bad('cpu f=1 -9223372036855', { precision: 'ms' }).reason).toMatch(/^timestamp out of range/);
    expect(bad('cpu f=1 x', { precision: 'ms' }).reason).toBe(
      'invalid timestamp: expected an integer (Unix time in ms)',
    );
  });

  it('numbers lines in CRLF bodies and counts skipped lines', () => {
    const e = bad('# header\r\n\r\nok\r\n', {});
    expect(where(e)).toEqual({
      line: 3,
      column: 3,
      reason: 'missing fields: expected at least one field_key=field_value',
    });
    expect(e.text).toBe('ok');
  });

  it('is an Error whose message names line, column and reason, and carries the line text', () => {
    const { lines, errors } = parseLineProtocol('a f=1\nb f=1\ncpu,host=a f=1 2 3');
    expect(lines).toHaveLength(2);
    const e = errors[0]!;
    expect(e).toBeInstanceOf(LineProtocolError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('LineProtocolError');
    expect(e.message).toBe(
      'line 3, column 18: unexpected text after timestamp: expected the end of the line (unescaped space?)',
    );
    expect(e.text).toBe('cpu,host=a f=1 2 3');
    expect(e.field).toBeUndefined();
  });

  it('keeps leading whitespace in the text and counts it in the column', () => {
    const e = bad('\t  cpu f=oops');
    expect([e.column, e.text]).toEqual([10, '\t  cpu f=oops']);
  });

  it('truncates the text of a long line to about 200 characters', () => {
    const e = bad(`m f=1 ${'x'.repeat(1000)}`);
    expect(e.text).toHaveLength(201);
    expect(e.text.endsWith('…')).toBe(true);
    const emoji = bad(`m${'🚀'.repeat(150)} f=x`);
    expect(emoji.text.endsWith('…')).toBe(true);
    const lastUnit = emoji.text.charCodeAt(emoji.text.length - 2);
    expect(lastUnit >= 0xd800 && lastUnit <= 0xdbff).toBe(false);
  });

  it('never throws on broken input such as lone backslashes and binary garbage', () => {
    const inputs = [
      '\\',
      'm\\',
      'm\\ ',
      'm,\\',
      'm,t\\',
      'm,t=\\',
      'm,t=v\\',
      'm f\\',
      'm f=\\',
      'm f="\\',
      'm f="\\"',
      'm f=1\\',
      'm f=1 1\\',
      '\\\\\\\\',
      '"',
      '=',
      ',',
      ' = , ',
      '\u0000\u0001\u0002',
      '\uD800 f=1',
      'm f="\uDC00"',
      '\uFFFF\uFFFE',
      '\r',
      '\r\r\n\r',
      String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)),
    ];
    for (const input of inputs) {
      expect(() => parseLineProtocol(input), JSON.stringify(input)).not.toThrow();
    }
    expect(one('m f="\\ud800"').fields.f).toEqual(str('\\ud800'));
  });
});

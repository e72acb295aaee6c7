// Per-line limits, at their exact boundaries and with multi-byte text (a Chinese character is 3 UTF-8 bytes).
import { describe, expect, it } from 'vitest';
import type { Point } from '../../shared/line-protocol/types';
import { pointLimitIssue } from './point-limits';

const limits = { maxTags: 3, maxFields: 2, maxKeyBytes: 6, maxValueBytes: 9 };
const point = (tags: Record<string, string>, strings: Record<string, string> = { f: 'x' }): Point => ({
  measurement: 'm',
  tags,
  fields: Object.fromEntries(Object.entries(strings).map(([k, v]) => [k, { kind: 'string', value: v }])),
});

describe('point limits', () => {
  it('accepts a line exactly at every limit', () => {
    expect(
      pointLimitIssue(point({ a: '浙浙浙', b: 'x', cccccc: '123456789' }, { f: '浙A1234', g: '' }), limits),
    ).toBe(undefined);
  });

  it('counts tags and fields', () => {
    expect(pointLimitIssue(point({ a: '1', b: '2', c: '3', d: '4' }), limits)?.message).toBe(
      '4 tags; at most 3 are allowed (PORTPULSE_MAX_TAGS)',
    );
    expect(pointLimitIssue(point({}, { f: '', g: '', h: '' }), limits)?.message).toMatch(
      /^3 fields; at most 2/,
    );
  });

  it('measures names and values in UTF-8 bytes, not characters', () => {
    expect(pointLimitIssue(point({ 浙江: 'x', a: 'y' }), limits)).toBe(undefined); // 6 bytes
    expect(pointLimitIssue(point({ 浙江a: 'x' }), limits)?.message).toMatch(
      /^a name of 7 bytes; names are limited to 6/,
    );
    expect(pointLimitIssue(point({ a: '浙浙浙x' }), limits)).toEqual({
      field: 'a',
      message: 'a: value of 10 bytes; values are limited to 9 bytes (PORTPULSE_MAX_VALUE_BYTES)',
    });
    expect(pointLimitIssue(point({}, { plate: '0123456789' }), limits)).toMatchObject({ field: 'plate' });
    expect(pointLimitIssue({ ...point({}), measurement: 'measure' }, limits)?.message).toMatch(
      /name of 7 bytes/,
    );
  });

  it('reports tag values before field values, and only string fields have a length', () => {
    const p = point({ t: '0123456789' }, { s: '0123456789' });
    expect(pointLimitIssue(p, limits)?.field).toBe('t');
    const numeric: Point = { measurement: 'm', tags: {}, fields: { n: { kind: 'float', value: 1e300 } } };
    expect(pointLimitIssue(numeric, limits)).toBe(undefined);
  });
});

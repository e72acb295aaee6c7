// fast-check arbitraries of line-protocol points and bodies, shared by the round-trip tests and fuzz/.
import fc from 'fast-check';
import { INT64_MAX, INT64_MIN, MAX_TIMESTAMP_NS, MIN_TIMESTAMP_NS, NS_PER_UNIT, UINT64_MAX } from '../limits';
import type { FieldValue, Point, Precision } from '../types';

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

export const precision = fc.constantFrom<Precision>('ns', 'us', 'ms', 's');

/** A point whose timestamp is a whole number of `p` units (the only ones that survive formatting at p). */
export const pointAt = (p: Precision): fc.Arbitrary<Point> => {
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

export const pointWithPrecision = precision.chain((p) => fc.tuple(fc.constant(p), pointAt(p)));

/** Single characters that steer the parser into its interesting branches, plus lone surrogates. */
export const lpChars = fc.constantFrom(
  ...'m,t=v f=1i 2u"\\#-.eE+\n\r\tTFtrue 0123456789'.split(''),
  '🚀',
  '\uD800',
  '\uDC00',
);

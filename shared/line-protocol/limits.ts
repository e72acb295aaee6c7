// Numeric limits of InfluxDB line protocol and the precision multipliers, shared by the parser and the formatter.
import type { Precision } from './types';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;

/** InfluxDB's valid timestamp range in nanoseconds (the int64 extremes are reserved). */
export const MIN_TIMESTAMP_NS = -9223372036854775806n;
export const MAX_TIMESTAMP_NS = 9223372036854775806n;

/** Nanoseconds per unit of each write precision. */
export const NS_PER_UNIT: Readonly<Record<Precision, bigint>> = {
  ns: 1n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
};

/** The precision's multiplier, or a thrown TypeError for a value outside the Precision union (a caller bug). */
export function nsPerUnit(precision: Precision): bigint {
  const m = Object.hasOwn(NS_PER_UNIT, precision) ? NS_PER_UNIT[precision] : undefined;
  if (m === undefined) throw new TypeError(`line protocol: unknown precision ${JSON.stringify(precision)}`);
  return m;
}

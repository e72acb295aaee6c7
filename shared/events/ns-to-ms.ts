// Event time (epoch ms) from a point's ns timestamp.

/** Event time in ms from a point's ns timestamp (floor, so sub-ms events stay in their millisecond). */
export function nsToMs(ns: bigint): number {
  // One bigint operation instead of three: the remainder is exact, and Number(ns) is off by at most 512 ns,
  // so the division lands within 0.001 of the whole number of milliseconds that rounding recovers.
  const sub = Number(ns % 1_000_000n);
  const ms = Math.round((Number(ns) - sub) / 1e6);
  return sub < 0 ? ms - 1 : ms;
}

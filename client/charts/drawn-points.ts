// Which rows of a series a chart draws as points. uPlot hides points when the x axis holds more rows than
// fit the width, counting the null rows too, and a line needs two neighbouring values: so a value between
// two gaps (the first second after the first weighing of the hour) was drawn as nothing at all, and a few
// weighings minutes apart on an hour of rows were a sliver at the right edge. Points go on:
// - every value with no value on either side (a line cannot show it);
// - the first row at or after each mark (an event the series reflects, e.g. a weighing), when the marks
//   are sparse enough to be told apart (`maxMarks`); beyond that the line itself shows them.
type Column = ArrayLike<number | null | undefined>;

/** Index of the first x at or after t (x ascending), or x.length. */
function firstAtOrAfter(x: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function drawnPoints(
  x: ArrayLike<number>,
  y: Column,
  marks: readonly number[],
  maxMarks: number,
): number[] {
  const picked = new Set<number>();
  for (let i = 0; i < y.length; i++) if (y[i] != null && y[i - 1] == null && y[i + 1] == null) picked.add(i);
  const first = x[0];
  const last = x[x.length - 1];
  if (first !== undefined && last !== undefined) {
    const inRange = marks.filter((t) => t >= first && t <= last);
    if (inRange.length <= maxMarks)
      for (const t of inRange) {
        const i = firstAtOrAfter(x, t);
        if (y[i] != null) picked.add(i);
      }
  }
  return [...picked].sort((a, b) => a - b);
}

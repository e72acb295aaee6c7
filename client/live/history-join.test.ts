// History and live rows make one series: no duplicate t, no gap at the join, trimmed to the range.
import { describe, expect, it } from 'vitest';
import { historyNeeded, joinHistory } from './history-join';
import type { AlignedColumns } from './stream-buffer';

const live = (from: number, to: number): AlignedColumns => {
  const t = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return [t, t.map((x) => x * 2)];
};
const minuteHistory = (from: number, to: number) => {
  const t: number[] = [];
  for (let x = from; x <= to; x += 60) t.push(x);
  return { t, values: [t.map(() => -1)] };
};

describe('joinHistory', () => {
  it('uses history only before the first live row and thins live rows to the minute', () => {
    const history = minuteHistory(59, 7199); // 00:00:59 … 01:59:59
    const joined = joinHistory({ history, live: live(3600, 7250), rangeSeconds: 7200, resolution: 60 });
    const [t] = joined;
    const v = joined[1]!;
    expect(new Set(t).size).toBe(t.length);
    expect(t.every((x, i) => i === 0 || x > t[i - 1]!)).toBe(true);
    expect(Math.max(...t.slice(1).map((x, i) => x - t[i]!))).toBeLessThanOrEqual(60);
    expect(t.filter((x) => x < 3600).every((x) => v[t.indexOf(x)] === -1)).toBe(true); // history values
    expect(v[t.indexOf(3659)]).toBe(3659 * 2); // live wins from the first live row on
    expect(t.at(-1)).toBe(7250); // the newest live row is always shown
    expect(t[0]).toBeGreaterThan(7250 - 7200);
  });

  it('at one-second resolution joins row by row', () => {
    const history = { t: [98, 99, 100, 101], values: [[0, 0, 0, 0]] };
    const [t, v] = joinHistory({ history, live: live(100, 102), rangeSeconds: 900, resolution: 1 });
    expect(t).toEqual([98, 99, 100, 101, 102]);
    expect(v).toEqual([0, 0, 200, 202, 204]);
  });

  it('shows history alone before the live snapshot arrives', () => {
    const [t] = joinHistory({
      history: minuteHistory(59, 599),
      live: [[], []],
      rangeSeconds: 300,
      resolution: 60,
    });
    expect(t).toEqual([359, 419, 479, 539, 599]);
  });
});

describe('historyNeeded', () => {
  it('asks for history when live rows do not cover the range and nothing fills the hole', () => {
    expect(historyNeeded(undefined, 1000, 4600, 3600, 1)).toBe(false); // live reaches back far enough
    expect(historyNeeded(undefined, 1000, 4600, 6 * 3600, 60)).toBe(true);
    expect(historyNeeded([900, 959], 1000, 4600, 6 * 3600, 60)).toBe(false);
    expect(historyNeeded([839, 899], 1000, 4600, 6 * 3600, 60)).toBe(true); // a gap: reload
    expect(historyNeeded([], undefined, 0, 900, 1)).toBe(true);
  });
});

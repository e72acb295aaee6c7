// Points a chart draws where its line cannot show a value: lone values between gaps, and the row of each
// marked event while the marks are few enough to tell apart.
import { describe, expect, it } from 'vitest';
import { drawnPoints } from './drawn-points';

const x = Array.from({ length: 10 }, (_, i) => 100 + i);

describe('drawnPoints', () => {
  it('draws a value with no value on either side, and no value that is part of a line', () => {
    const y = [null, 1, null, 2, 3, null, null, null, null, 4];
    expect(drawnPoints(x, y, [], 10)).toEqual([1, 9]);
  });

  it('draws the first row at or after each mark, when it has a value', () => {
    const y = [null, null, 1, 1, 1.2, 1.2, 1.2, 1.5, 1.5, 1.5];
    // weighings at 101.4 s (row 2 is the first that counts it), 104 s, 106.5 s; 90 s is before the rows
    expect(drawnPoints(x, y, [101.4, 104, 106.5, 90], 10)).toEqual([2, 4, 7]);
    expect(drawnPoints(x, y, [100.5], 10)).toEqual([]); // row 1 is null: nothing to put a point on
  });

  it('leaves the marks to the line when they are too many to tell apart', () => {
    const y = [1, 1, 1, 1, 1, null, 2, null, 1, 1];
    expect(drawnPoints(x, y, [100, 101, 102, 103], 3)).toEqual([6]);
    expect(drawnPoints(x, y, [100, 101, 102], 3)).toEqual([0, 1, 2, 6]);
  });
});

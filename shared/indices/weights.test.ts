// Composite weights: defaults sum to 1; the query-string form is parsed strictly with readable errors.
import { describe, expect, it } from 'vitest';
import { subIndexNames } from './metrics';
import { defaultWeights, formatWeights, parseWeights } from './weights';

describe('weights', () => {
  it('defaults to the methodology weights, which sum to 1', () => {
    expect(subIndexNames.reduce((s, n) => s + defaultWeights[n], 0)).toBeCloseTo(1, 12);
    expect(parseWeights(formatWeights(defaultWeights))).toEqual(defaultWeights);
  });

  it('gives weight 0 to sub-indices left out', () => {
    expect(parseWeights('volume:2, load_rate:1')).toMatchObject({ volume: 2, load_rate: 1, staffing: 0 });
  });

  it('rejects unknown names, bad numbers and all-zero weights', () => {
    expect(() => parseWeights('speed:1')).toThrow(/"speed:1" is not name:weight/);
    expect(() => parseWeights('volume:-1')).toThrow(/volume must be a number ≥ 0/);
    expect(() => parseWeights('volume:')).toThrow(/must be a number/);
    expect(() => parseWeights('volume:1:2')).toThrow(/not name:weight/);
    expect(() => parseWeights('volume:0')).toThrow(/at least one weight/);
  });
});

// The composite is a weighted mean whatever the scale of the weights: only their ratios count.
import { describe, expect, it } from 'vitest';
import { composite } from './composite';
import { subIndexNames } from './metrics';
import { parseWeights } from './weights';

const values = Object.fromEntries(subIndexNames.map((n, i) => [n, 100 + i])) as Parameters<
  typeof composite
>[0];

describe('composite', () => {
  it('gives the same value for weights near Number.MAX_VALUE as for equal finite weights', () => {
    const huge = composite(values, parseWeights('volume:1e308,gate_timeliness:1e308'));
    const one = composite(values, parseWeights('volume:1,gate_timeliness:1'));
    expect(one.value).toBeCloseTo((values.volume! + values.gate_timeliness!) / 2, 12);
    expect(huge).toEqual(one);
    const max = composite(
      values,
      parseWeights(`volume:${Number.MAX_VALUE},load_rate:${Number.MAX_VALUE / 2}`),
    );
    expect(max.value).toBeCloseTo((2 * values.volume! + values.load_rate!) / 3, 12);
  });

  it('keeps tiny weights apart from zero', () => {
    const tiny = composite(values, parseWeights('volume:5e-324,load_rate:1e-323'));
    expect(tiny.value).toBeCloseTo((values.volume! + 2 * values.load_rate!) / 3, 12);
  });

  it('renormalises over the sub-indices that have a value', () => {
    const r = composite({ ...values, volume: null }, parseWeights('volume:1e308,load_rate:1'));
    expect(r).toEqual({ value: values.load_rate, reason: null });
  });
});

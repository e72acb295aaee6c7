// The seeded PRNG: same seed, same draws; the distributions have the shape the simulators rely on.
import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from './random';

const draws = (rng: Rng, n: number, f: (r: Rng) => number) => Array.from({ length: n }, () => f(rng));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('Rng', () => {
  it('repeats its sequence for a seed and differs across seeds and labels', () => {
    expect(draws(new Rng(42), 5, (r) => r.next())).toEqual(draws(new Rng(42), 5, (r) => r.next()));
    expect(draws(new Rng(42), 5, (r) => r.next())).not.toEqual(draws(new Rng(43), 5, (r) => r.next()));
    expect(deriveSeed(1, 'yiwu-customs')).not.toBe(deriveSeed(1, 'hgh-xiasha'));
  });

  it('stays in range', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = rng.int(2, 6);
      expect(Number.isInteger(k) && k >= 2 && k <= 6).toBe(true);
    }
  });

  it('draws normal, log-normal, exponential and Poisson values with the right centre', () => {
    const rng = new Rng(7);
    expect(mean(draws(rng, 20_000, (r) => r.normal(5, 2)))).toBeCloseTo(5, 1);
    const ln = draws(rng, 20_000, (r) => r.logNormal(4000, 0.3)).sort((a, b) => a - b);
    expect(ln[10_000]! / 4000).toBeCloseTo(1, 1);
    expect(mean(draws(rng, 20_000, (r) => r.exponential(12)))).toBeCloseTo(12, 0);
    expect(mean(draws(rng, 20_000, (r) => r.poisson(3.5)))).toBeCloseTo(3.5, 1);
    expect(mean(draws(rng, 5_000, (r) => r.poisson(80)))).toBeCloseTo(80, 0);
  });

  it('picks by weight', () => {
    const rng = new Rng(3);
    const picks = draws(rng, 10_000, (r) =>
      r.weighted([
        [0, 1],
        [1, 9],
      ] as const),
    );
    expect(mean(picks)).toBeCloseTo(0.9, 1);
  });
});

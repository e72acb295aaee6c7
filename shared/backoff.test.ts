// Reconnect delays grow, stay capped and are spread by jitter.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const opts = { minMs: 500, maxMs: 30_000, factor: [0.5, 1] } as const;

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt and never waits less than half of it', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, { ...opts, random: () => 0 }))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, { ...opts, random: () => 1 }))).toEqual([
      500, 1000, 2000, 4000,
    ]);
  });

  it('is capped at maxMs however many attempts failed', () => {
    expect(backoffDelay(50, { ...opts, random: () => 1 })).toBe(30_000);
    expect(backoffDelay(1000, { ...opts, random: () => 0 })).toBe(15_000);
  });

  it('spreads clients that retry together', () => {
    const delays = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelay(4, { ...opts, random: () => r })));
    expect(delays.size).toBe(4);
  });
});

// The token bucket behind the per-token rate limit: a burst, then the steady rate, a Retry-After that is
// honest, independent keys, and idle keys forgotten.
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('allows a burst, then the rate, and says when to retry', () => {
    let now = 0;
    const b = new TokenBuckets(2, 3, () => now);
    expect([1, 2, 3].map(() => b.take('a').ok)).toEqual([true, true, true]);
    expect(b.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(b.take('b').ok).toBe(true);
    now += 500;
    expect(b.take('a').ok).toBe(true);
    expect(b.take('a').ok).toBe(false);
    now += 10_000;
    expect([1, 2, 3, 4].map(() => b.take('a').ok)).toEqual([true, true, true, false]);
  });

  it('rounds Retry-After up for slow rates', () => {
    const b = new TokenBuckets(0.1, 1, () => 0);
    b.take('a');
    expect(b.take('a')).toEqual({ ok: false, retryAfterSeconds: 10 });
  });

  it('forgets idle keys once many exist', () => {
    let now = 0;
    const b = new TokenBuckets(1, 1, () => now);
    for (let i = 0; i < 10_000; i++) b.take(`ip:${i}`);
    now += 5000;
    b.take('new');
    expect(b.size).toBe(1);
  });

  it('spends requests admitted elsewhere, into debt that is paid back at the rate', () => {
    let now = 0;
    const b = new TokenBuckets(1, 3, () => now);
    b.spend('a', 5);
    expect(b.take('a')).toEqual({ ok: false, retryAfterSeconds: 3 });
    now += 2500;
    expect(b.take('a').ok).toBe(false);
    now += 500;
    expect(b.take('a').ok).toBe(true);
  });
});

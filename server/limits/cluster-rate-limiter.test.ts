// The cluster-wide rate limit's arithmetic, with the counts passed between limiters in memory (the real
// exchange over the brokers is in server/cluster/cluster-rate-limit.integration.test.ts): a token spread over
// nodes gets one bucket plus at most (nodes - 1) x slack, and a node whose counts cannot be sent falls back to
// its local limit, logged, until a send works again.
import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../logger';
import { ClusterRateLimiter, fallbackAfterMs, type RateCountExchange } from './cluster-rate-limiter';

/** Exchanges between limiters in this process: a send reaches every other one at once. */
function linked(n: number) {
  const receivers: ((key: string, n: number) => void)[] = [];
  return Array.from(
    { length: n },
    (_, i): RateCountExchange => ({
      async send(counts) {
        for (const [j, spend] of receivers.entries()) if (j !== i) for (const [k, c] of counts) spend(k, c);
      },
      receive(spend) {
        receivers[i] = spend;
      },
      async close() {},
    }),
  );
}

const settle = () => new Promise((r) => setImmediate(r));

describe('ClusterRateLimiter', () => {
  it('holds a token spread over three nodes to one bucket plus (nodes - 1) x slack', async () => {
    const now = 0;
    const logs: string[] = [];
    const nodes = linked(3).map(
      (exchange) =>
        new ClusterRateLimiter({
          ratePerSecond: 1,
          burst: 10,
          syncMs: 100,
          slack: 3,
          exchange,
          logger: (_l, msg) => logs.push(msg),
          now: () => now,
        }),
    );
    let admitted = 0;
    const refusals = new Set<string>();
    for (let i = 0; i < 90; i++) {
      const r = nodes[i % 3]!.take('token-a');
      if (r.ok) admitted++;
      else refusals.add(r.message ?? 'rate');
      // A sync now and then, as the timer would.
      if (i % 12 === 11) {
        for (const n of nodes) n.sync();
        await settle();
      }
    }
    expect(admitted).toBeGreaterThanOrEqual(10);
    expect(admitted).toBeLessThanOrEqual(10 + 2 * 3);
    expect([...refusals].some((m) => m.includes('PORTPULSE_RATE_LIMIT_CLUSTER_SLACK=3'))).toBe(true);
    expect(refusals.has('rate')).toBe(true);
    // Another token has its own bucket.
    expect(nodes[0]!.take('token-b').ok).toBe(true);
    expect(logs).toEqual([]);
  });

  it('falls back to the local limit while its counts cannot be sent, and counts across the cluster again after', async () => {
    let now = 0;
    let answer: ((ok: boolean) => void) | undefined;
    const logs: { level: LogLevel; msg: string }[] = [];
    const exchange: RateCountExchange = {
      send: () =>
        new Promise<void>((resolve, reject) => {
          answer = (ok) => (ok ? resolve() : reject(new Error('no responders')));
        }),
      receive() {},
      async close() {},
    };
    const limiter = new ClusterRateLimiter({
      ratePerSecond: 0.001,
      burst: 10,
      syncMs: 100,
      slack: 2,
      exchange,
      logger: (level, msg) => logs.push({ level, msg }),
      now: () => now,
    });
    expect([1, 2, 3].map(() => limiter.take('t').ok)).toEqual([true, true, false]);
    limiter.sync(); // the brokers do not answer
    now += fallbackAfterMs(100) + 1;
    limiter.sync();
    expect(limiter.fallback).toBe(true);
    expect(limiter.fallbacks).toBe(1);
    expect(logs).toEqual([{ level: 'warn', msg: expect.stringMatching(/local limit/) }]);
    // The local bucket alone: 8 more of the burst of 10, not the slack of 2.
    expect(Array.from({ length: 9 }, () => limiter.take('t').ok).filter(Boolean)).toHaveLength(8);
    answer!(true);
    await settle();
    expect(limiter.fallback).toBe(false);
    expect(logs.at(-1)).toEqual({ level: 'info', msg: expect.stringMatching(/across the cluster again/) });
    // A send that fails falls back at once.
    expect(limiter.take('u').ok).toBe(true);
    limiter.sync();
    answer!(false);
    await settle();
    expect(limiter.fallback).toBe(true);
    expect(limiter.fallbacks).toBe(2);
  });
});

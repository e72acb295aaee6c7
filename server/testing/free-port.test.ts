import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralRange, freePort, workerSlice } from './free-port';

describe('freePort', () => {
  it('picks bindable ports outside the ephemeral range (where outgoing connections take theirs), never twice', async () => {
    const [low, high] = ephemeralRange();
    const ports: number[] = [];
    for (let i = 0; i < 40; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) expect(port < low || port > high, `${port} in ${low}-${high}`).toBe(true);
    const srv = createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(ports[0], '127.0.0.1', resolve);
    });
    await new Promise((r) => srv.close(r));
  });

  it('gives parallel vitest workers disjoint slices, so one file never takes a port another let go of', async () => {
    const range: [number, number] = [10_000, 32_767];
    const slices = [1, 2, 3, 4].map((id) => workerSlice(range, id));
    for (const [i, [from, to]] of slices.entries()) {
      expect(to - from).toBeGreaterThan(1_000);
      expect(from).toBeGreaterThanOrEqual(range[0]);
      expect(to).toBeLessThanOrEqual(range[1]);
      const next = slices[i + 1];
      if (next) expect(to).toBeLessThan(next[0]);
    }
    expect(workerSlice(range, Number.NaN)).toEqual(range);
    const [from, to] = workerSlice([10_000, 32_767]);
    const port = await freePort();
    if (process.env.VITEST_POOL_ID) expect(port >= from && port <= to, `${port} in ${from}-${to}`).toBe(true);
  });
});

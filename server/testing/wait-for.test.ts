import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first value of a sync probe that is neither undefined nor false', async () => {
    let calls = 0;
    const got = await waitFor('the third call', () => (++calls >= 3 ? { calls } : undefined), {
      timeoutMs: 10_000,
      intervalMs: 1,
    });
    expect(got).toEqual({ calls: 3 });
  });

  it('awaits an async probe and keeps 0 and empty strings as values (only undefined and false mean "not yet")', async () => {
    const answers: unknown[] = [false, undefined, 0];
    const got = await waitFor('a zero', async () => answers.shift() as number | undefined | false, {
      timeoutMs: 10_000,
      intervalMs: 1,
    });
    expect(got).toBe(0);
    expect(await waitFor('an empty string', () => '', { timeoutMs: 1000 })).toBe('');
  });

  it('treats a throwing probe as not yet and returns once it succeeds', async () => {
    let calls = 0;
    const got = await waitFor(
      'a node to answer',
      async () => {
        if (++calls < 3) throw new Error('connect ECONNREFUSED');
        return 'up';
      },
      { timeoutMs: 10_000, intervalMs: 1 },
    );
    expect(got).toBe('up');
  });

  it('names what was awaited and the last value on timeout', async () => {
    let n = 0;
    const wait = waitFor('five sent records', () => ++n < 0, {
      timeoutMs: 100,
      intervalMs: 5,
      detail: () => ({ sent: 2 }),
    });
    await expect(wait).rejects.toThrow(
      /^timed out after 100 ms waiting for five sent records; last probe returned false; detail: \{"sent":2\}$/,
    );
    expect(n).toBeGreaterThan(1);
  });

  it('names the last error on timeout and keeps it as the cause', async () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const err = await waitFor(
      'the broker',
      () => {
        throw refused;
      },
      { timeoutMs: 50, intervalMs: 5 },
    ).catch((e: Error) => e);
    expect(err.message).toBe(
      'timed out after 50 ms waiting for the broker; last probe threw: connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(err.cause).toBe(refused);
  });

  it('does not let a hanging probe hold the wait past its deadline', async () => {
    const err = await waitFor('a reply', () => new Promise<never>(() => {}), { timeoutMs: 50 }).catch(
      (e: Error) => e,
    );
    expect(err.message).toBe('timed out after 50 ms waiting for a reply; the last probe was still running');
  });

  it("shows a process's output as text, its tail kept", async () => {
    const output = `${'x'.repeat(5000)}\nlisten tcp 127.0.0.1:4222: bind: address already in use`;
    const err = await waitFor('a broker', () => false, { timeoutMs: 20, detail: () => output }).catch(
      (e: Error) => e,
    );
    expect(err.message).toMatch(
      /^timed out after 20 ms waiting for a broker; last probe returned false:\nx+\nlisten/,
    );
    expect(err.message).toMatch(/address already in use$/);
    expect(err.message.length).toBeLessThan(4200);
  });
});

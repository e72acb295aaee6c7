// Requests per second per token over a real socket: a token past its bucket gets 429 with Retry-After while
// another token carries on; callers without a valid token are limited per IP (before authentication).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { OTHER_WRITE_TOKEN, scanLine, tokenEnv, tokenHeader, WRITE_TOKEN } from '../testing/auth-fixture';
import { tempDir, testConfig } from '../testing/test-config';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dir = tempDir();
  const env = { ...tokenEnv, PORTPULSE_RATE_LIMIT_RPS: '1', PORTPULSE_RATE_LIMIT_BURST: '2' };
  server = await startServer(testConfig(dir.path, env), silentLogger);
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

const write = (headers: Record<string, string>) =>
  fetch(`${server.url}/api/v2/write?bucket=b&precision=ms`, { method: 'POST', body: scanLine(), headers });

/**
 * Three requests sent at once, so they reach the bucket within milliseconds of each other: one after the other, a
 * loaded machine can take the second a bucket needs to refill (1 rps) and let the third through.
 */
const threeAtOnce = async (headers: Record<string, string>) => {
  const replies = await Promise.all([0, 1, 2].map(() => write(headers)));
  return { replies, statuses: replies.map((r) => r.status).sort((a, b) => a - b) };
};

describe('rate limit per token', () => {
  it('answers 429 with Retry-After past the burst, per token, and recovers at the configured rate', async () => {
    const { replies, statuses } = await threeAtOnce(tokenHeader(WRITE_TOKEN));
    expect(statuses).toEqual([204, 204, 429]);
    const limited = replies.find((r) => r.status === 429)!;
    expect(limited.headers.get('Retry-After')).toBe('1');
    expect(await limited.json()).toMatchObject({ code: 'rate_limited', message: /PORTPULSE_RATE_LIMIT_RPS/ });
    expect((await write(tokenHeader(OTHER_WRITE_TOKEN))).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await write(tokenHeader(WRITE_TOKEN))).status).toBe(204);
  });

  it('limits callers without a valid token per IP, so guessing tokens is slow', async () => {
    const { statuses } = await threeAtOnce(tokenHeader('guess-guess-guess-guess'));
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('leaves probes and the page shell unlimited', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

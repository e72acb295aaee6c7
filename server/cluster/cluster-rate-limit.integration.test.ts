// The per-token rate limit across a cluster, against real brokers: a token sending writes round-robin to three
// nodes gets 429 once the cluster-wide total passes one bucket (rate, burst) plus the documented slack
// ((nodes - 1) x PORTPULSE_RATE_LIMIT_CLUSTER_SLACK), not three buckets as with per-node limits; another
// token is unaffected; with every broker down a node falls back to its local limit (metric) and counts
// across the cluster again once they are back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../start-server';
import {
  OTHER_WRITE_TOKEN,
  READ_TOKEN,
  scanLine,
  tokenEnv,
  tokenHeader,
  WRITE_TOKEN,
} from '../testing/auth-fixture';
import { waitFor } from '../testing/wait-for';
import { startInProcessCluster, type TestCluster } from './testing/cluster-nodes';

const RPS = 1;
const BURST = 20;
const SLACK = 3;
const NODES = 3;
const METRICS_TOKEN = 'read-metrics-0123456789abcdef';
const BURST_TOKEN = 'write-burst-0123456789abcdef';

let cluster: TestCluster<RunningServer>;

beforeAll(async () => {
  cluster = await startInProcessCluster({
    nodes: NODES,
    name: 'rates',
    env: () => ({
      ...tokenEnv,
      PORTPULSE_READ_TOKENS: `${READ_TOKEN},${METRICS_TOKEN}`,
      PORTPULSE_WRITE_TOKENS: `${tokenEnv.PORTPULSE_WRITE_TOKENS},${BURST_TOKEN}`,
      PORTPULSE_RATE_LIMIT_RPS: String(RPS),
      PORTPULSE_RATE_LIMIT_BURST: String(BURST),
      PORTPULSE_RATE_LIMIT_CLUSTER_SLACK: String(SLACK),
      PORTPULSE_RATE_LIMIT_SYNC_MS: '50',
    }),
  });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

const write = (node: RunningServer, token: string) =>
  fetch(`${node.url}/api/v2/write?bucket=b&precision=ms`, {
    method: 'POST',
    body: scanLine(),
    headers: tokenHeader(token),
  });

async function fallbackGauge(node: RunningServer): Promise<number | undefined> {
  const res = await fetch(`${node.url}/metrics`, { headers: tokenHeader(METRICS_TOKEN) });
  if (res.status !== 200) return undefined;
  const line = (await res.text())
    .split('\n')
    .find((l) => l.startsWith('portpulse_rate_limit_local_fallback '));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('cluster: per-token rate limit across the nodes', () => {
  it('refuses a token spread over three nodes once the cluster-wide total passes one bucket plus the slack', async () => {
    const started = performance.now();
    const statuses: number[] = [];
    const refusals: { retryAfter: string | null; message: string }[] = [];
    for (let i = 0; i < 75; i++) {
      const res = await write(cluster.nodes[i % NODES]!, WRITE_TOKEN);
      statuses.push(res.status);
      if (res.status === 429)
        refusals.push({
          retryAfter: res.headers.get('Retry-After'),
          message: ((await res.json()) as { message: string }).message,
        });
      else await res.arrayBuffer();
    }
    const seconds = (performance.now() - started) / 1000;
    const admitted = statuses.filter((s) => s === 204).length;
    // One bucket over the time the requests took, plus what the other nodes may admit before they are told.
    const bound = BURST + Math.ceil(RPS * seconds) + (NODES - 1) * SLACK;
    const slackRefusals = refusals.filter((r) => r.message.includes('CLUSTER_SLACK')).length;
    const figures = { sent: statuses.length, admitted, bound, seconds, slackRefusals };
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/cluster-rate-limit.json', `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`cluster rate limit: ${JSON.stringify(figures)}`);
    expect(statuses.every((s) => s === 204 || s === 429)).toBe(true);
    expect({ admitted, bound, seconds }).toEqual({
      admitted: expect.toSatisfy((n: number) => n >= BURST && n <= bound),
      bound,
      seconds,
    });
    expect(refusals.every((r) => Number(r.retryAfter) >= 1)).toBe(true);
    expect(refusals.map((r) => r.message)).toContainEqual(
      expect.stringMatching(
        /per second \(burst 20\) for this token across the cluster.*PORTPULSE_RATE_LIMIT_RPS/,
      ),
    );
    // Another token has its own budget on every node.
    for (const node of cluster.nodes) expect((await write(node, OTHER_WRITE_TOKEN)).status).toBe(204);
    for (const node of cluster.nodes) expect(await fallbackGauge(node)).toBe(0);
  });

  it('holds a burst sent to every node at once to one bucket plus the slack', async () => {
    const started = performance.now();
    const sends = Array.from({ length: 90 }, (_, i) => write(cluster.nodes[i % NODES]!, BURST_TOKEN));
    const statuses = await Promise.all(sends.map(async (p) => (await p).status));
    const seconds = (performance.now() - started) / 1000;
    const admitted = statuses.filter((s) => s === 204).length;
    const bound = BURST + Math.ceil(RPS * seconds) + (NODES - 1) * SLACK;
    console.log(`cluster rate limit, burst: ${JSON.stringify({ sent: 90, admitted, bound, seconds })}`);
    expect(statuses.every((s) => s === 204 || s === 429)).toBe(true);
    expect(admitted).toBeLessThanOrEqual(bound);
  });

  it('falls back to the local limit while every broker is down, and counts across the cluster again after', async () => {
    const node = cluster.nodes[0]!;
    const read = () => fetch(`${node.url}/api/sites`, { headers: tokenHeader(READ_TOKEN) });
    await Promise.all(cluster.brokers.brokers.map((b) => b.kill()));
    // The node notices at its next sync that no broker stores its counts (an empty send probes them).
    expect((await read()).status).toBe(200);
    await waitFor(
      'node 0 to fall back to its local rate limit',
      async () => (await fallbackGauge(node)) === 1,
      {
        timeoutMs: 30_000,
      },
    );
    // More than the slack: the local bucket (burst 20) alone decides.
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await read()).status);
    expect(statuses).toEqual(Array(10).fill(200));
    await Promise.all(cluster.brokers.brokers.map((b) => b.start()));
    await waitFor('node 0 to count across the cluster again', async () => (await fallbackGauge(node)) === 0, {
      timeoutMs: 60_000,
    });
  });
});

// What the balancer and the dashboard are told about the cluster, against real brokers and node processes:
// a node killed with SIGKILL drops out of the others' "nodes up" once its presence report is older than
// PORTPULSE_CLUSTER_PRESENCE_TTL_MS; with every broker down a node's /ready answers 503 (the balancer takes it
// out) and 200 again once they are back, and writes work again; the stream is created with the configured
// retention (max age, max bytes). The figures go to test-results/cluster-ready.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateScan } from '../../shared/events/testing/event-builders';
import { waitFor } from '../testing/wait-for';
import type { ClusterStatus } from './cluster-node';
import { type ProcessCluster, startProcessCluster } from './testing/cluster-nodes';

let cluster: ProcessCluster;

beforeAll(async () => {
  cluster = await startProcessCluster({
    nodes: 2,
    name: 'ready',
    env: () => ({
      PORTPULSE_CLUSTER_PRESENCE_TTL_MS: '2000',
      PORTPULSE_NATS_MAX_AGE_HOURS: '48',
      PORTPULSE_NATS_MAX_BYTES: String(256 * 1024 ** 2),
    }),
  });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
});

const ready = (url: string) =>
  fetch(`${url}/ready`, { signal: AbortSignal.timeout(5000) }).then(
    async (r) => ({
      status: r.status,
      body: (await r.json()) as {
        cluster?: ClusterStatus;
        checks: Record<string, { ok: boolean; detail: string }>;
      },
    }),
    () => undefined,
  );

describe('cluster: readiness, nodes up and retention', () => {
  it('drops a killed node from nodes up, answers 503 while the brokers are down and 200 after', async () => {
    const [node, other] = [cluster.nodes[0]!, cluster.nodes[1]!];
    // Retention as configured, on the brokers' own view of the stream.
    const jsz = (await fetch(
      `http://127.0.0.1:${cluster.brokers.brokers[0]!.monitorPort}/jsz?streams=true&config=true`,
    ).then((r) => r.json())) as {
      account_details: {
        stream_detail?: { name: string; config: { max_age: number; max_bytes: number } }[];
      }[];
    };
    const stream = jsz.account_details
      .flatMap((a) => a.stream_detail ?? [])
      .find((s) => s.name === 'portpulse');
    expect(stream?.config).toMatchObject({ max_age: 48 * 3_600_000_000_000, max_bytes: 256 * 1024 ** 2 });

    await waitFor(
      'both nodes up on node 0',
      async () => (await ready(node.url))?.body.cluster?.nodesUp.length === 2,
      {
        timeoutMs: 30_000,
      },
    );
    const killedAt = Date.now();
    await other.kill('SIGKILL');
    await waitFor(
      'node 1 to drop out of node 0’s nodes up',
      async () => (await ready(node.url))?.body.cluster?.nodesUp.join() === 'node-0',
      { timeoutMs: 30_000 },
    );
    const droppedOutMs = Date.now() - killedAt;

    expect((await ready(node.url))?.status).toBe(200);
    const brokersDownAt = Date.now();
    await Promise.all(cluster.brokers.brokers.map((b) => b.kill()));
    const down = await waitFor(
      '/ready 503 with every broker down',
      async () => {
        const r = await ready(node.url);
        return r?.status === 503 ? r : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const notReadyMs = Date.now() - brokersDownAt;
    expect(down.body.checks.stream?.ok).toBe(false);
    expect(down.body.checks.stream?.detail).toMatch(/stream unreachable/);

    const brokersBackAt = Date.now();
    await Promise.all(cluster.brokers.brokers.map((b) => b.start()));
    await waitFor(
      '/ready 200 once the brokers are back',
      async () => (await ready(node.url))?.status === 200,
      {
        timeoutMs: 90_000,
      },
    );
    const readyAgainMs = Date.now() - brokersBackAt;
    // And it takes writes again, stored in the stream and applied.
    const res = await fetch(`${node.url}/api/events`, {
      method: 'POST',
      body: JSON.stringify([gateScan({ site: 'hgh-xiasha', time: Date.now(), plate: '浙A99999' })]),
    });
    expect(res.status).toBe(204);
    mkdirSync('test-results', { recursive: true });
    writeFileSync(
      'test-results/cluster-ready.json',
      `${JSON.stringify({ presenceTtlMs: 2000, droppedOutMs, notReadyMs, readyAgainMs }, null, 2)}\n`,
    );
    console.log(
      `cluster ready: dropped out ${droppedOutMs} ms, 503 after ${notReadyMs} ms, 200 again ${readyAgainMs} ms`,
    );
  }, 300_000);
});

// Test (b) of cluster mode: three portpulse node processes on three real brokers, shipping to a real influxd.
// Under concurrent writes to every node, the node that holds the InfluxDB shipping lease is killed with
// SIGKILL. The writers retry on another node (as behind a balancer); the others keep serving; another node
// takes the lease over; the killed node restarts on its data dir and catches up; in the end InfluxDB holds
// every acknowledged event exactly once and every node holds the same log. The figures (lease takeover,
// longest write, retries) go to test-results/cluster-node-failover.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Influxd, startInfluxd } from '../testing/influxd';
import { waitFor } from '../testing/wait-for';
import type { ClusterStatus } from './cluster-node';
import { type ProcessCluster, startProcessCluster } from './testing/cluster-nodes';
import { startWriters } from './testing/cluster-writers';
import { startNatsCluster } from './testing/nats-cluster';

const SITE = 'hgh-xiasha';
const DB = 'portpulse_cluster';
let cluster: ProcessCluster;
let influx: Influxd;

beforeAll(async () => {
  const [brokers, influxd] = await Promise.all([startNatsCluster(), startInfluxd()]);
  influx = influxd;
  cluster = await startProcessCluster({
    nodes: 3,
    name: 'node-failover',
    brokers,
    env: () => ({
      PORTPULSE_INFLUX_URL: influx.url,
      PORTPULSE_INFLUX_DB: DB,
      PORTPULSE_INFLUX_BATCH: '200',
      PORTPULSE_CLUSTER_LEASE_MS: '1500',
    }),
  });
}, 180_000);

afterAll(async () => {
  await Promise.all([cluster?.stop(), influx?.stop()]);
});

async function clusterStatus(url: string): Promise<ClusterStatus | undefined> {
  return fetch(`${url}/ready`).then(
    async (r) => ((await r.json()) as { cluster?: ClusterStatus }).cluster,
    () => undefined,
  );
}

const failover = { timeoutMs: 90_000, intervalMs: 100 };

const alive = () => cluster.alive();

describe('cluster: kill -9 of a portpulse node under concurrent writes', () => {
  it('keeps serving, hands shipping over, and InfluxDB ends with every acknowledged event exactly once', async () => {
    const nodes = cluster.nodes;
    const holderIndex = await waitFor(
      'a shipping lease holder',
      async () => {
        for (const [i, n] of nodes.entries()) if ((await clusterStatus(n.url))?.shipping) return i;
        return undefined;
      },
      failover,
    );
    const writers = startWriters({ urls: () => alive().map((n) => n.url), site: SITE, batch: 20 });
    await waitFor(
      '300 acknowledged events',
      async () => (writers.stats.acked.size >= 300 ? true : undefined),
      failover,
    );

    const killedAt = Date.now();
    await nodes[holderIndex]!.kill('SIGKILL');
    const ackedAtKill = writers.stats.acked.size;
    const newHolder = await waitFor(
      'another node to take the shipping lease over',
      async () => {
        for (const n of alive()) if ((await clusterStatus(n.url))?.shipping) return n;
        return undefined;
      },
      failover,
    );
    const takeoverMs = Date.now() - killedAt;
    await waitFor(
      '300 more acknowledged events after the kill',
      async () => (writers.stats.acked.size >= ackedAtKill + 300 ? true : undefined),
      failover,
    );
    // The survivors answered reads throughout (a read on each now, while writes go on).
    for (const n of alive()) expect((await fetch(`${n.url}/api/sites`)).status).toBe(200);
    await writers.stop();

    // The killed node comes back on its data dir and catches up from the stream.
    const restartedAt = Date.now();
    await cluster.restart(holderIndex);
    const synced = await waitFor(
      'every node to apply the whole stream',
      async () => {
        const all = await Promise.all(alive().map((n) => clusterStatus(n.url)));
        if (all.length !== 3 || all.some((s) => !s)) return undefined;
        const seqs = all.map((s) => s!.appliedSeq);
        return seqs.every((q) => q === all[0]!.streamSeq) && all[0]!.streamSeq > 0 ? all : undefined;
      },
      failover,
    );
    const catchUpMs = Date.now() - restartedAt;

    const acked = writers.stats.acked.size;
    const count = () =>
      influx.scalar(`SELECT count(processing_ms) FROM gate_scan WHERE site='${SITE}'`, DB).catch(() => 0);
    await waitFor(
      `${acked} events in InfluxDB`,
      async () => ((await count()) >= acked ? true : undefined),
      failover,
    );
    // Shipping is done once the holder's lag is 0; nothing more may arrive after that.
    await waitFor(
      'the shipper to catch up',
      async () => {
        const r = (await fetch(`${newHolder.url}/ready`).then((x) => x.json())) as {
          influx?: { lagEvents: number };
        };
        return r.influx?.lagEvents === 0 ? true : undefined;
      },
      failover,
    );
    const stored = await count();
    const distinct = await influx.scalar(
      `SELECT count(distinct(plate)) FROM gate_scan WHERE site='${SITE}'`,
      DB,
    );
    const figures = {
      acknowledged: acked,
      inInfluxDb: stored,
      distinctPlates: distinct,
      lost: acked - distinct,
      duplicates: stored - distinct,
      leaseTakeoverMs: takeoverMs,
      restartCatchUpMs: catchUpMs,
      longestWriteMs: writers.stats.longestMs,
      writeRetries: writers.stats.retries,
      streamSeq: synced[0]!.streamSeq,
    };
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/cluster-node-failover.json', `${JSON.stringify(figures, null, 2)}\n`);
    expect(distinct).toBe(acked); // every acknowledged event is in InfluxDB…
    expect(stored).toBe(acked); // …exactly once
    // Every node holds the same events (the restarted one included).
    const logs = await Promise.all(
      alive().map((n) =>
        fetch(`${n.url}/ready`)
          .then((r) => r.json())
          .then((r: { checks: { log: { detail: string } } }) => r.checks.log.detail.split(' ')[0]),
      ),
    );
    expect(new Set(logs).size).toBe(1);
  });
});

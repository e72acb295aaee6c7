// Test (c) of cluster mode: the broker that leads the event stream's Raft group is killed with SIGKILL while
// every node takes writes. The two remaining brokers elect a new leader; publishes are retried with the same
// message ids meanwhile, so writes pause and then succeed; nothing acknowledged is lost and nothing is stored
// twice. The killed broker restarts on its store and the stream is whole on every node. The figures (longest
// write, retries) go to test-results/cluster-broker-failover.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../start-server';
import { waitFor } from '../testing/wait-for';
import { startInProcessCluster, type TestCluster } from './testing/cluster-nodes';
import { startWriters } from './testing/cluster-writers';
import type { NatsCluster } from './testing/nats-cluster';

const SITE = 'szx-qianhai';
let cluster: TestCluster<RunningServer>;
let brokers: NatsCluster;
let nodes: RunningServer[] = [];

beforeAll(async () => {
  cluster = await startInProcessCluster({ nodes: 2, name: 'broker-failover' });
  ({ brokers, nodes } = cluster);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

const until = <T>(what: string, probe: () => Promise<T | undefined>) =>
  waitFor(what, probe, { timeoutMs: 90_000, intervalMs: 100 });

/** Plates of the gate scans in a node's log, with how often each is there. */
async function platesIn(node: RunningServer): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for await (const { point } of node.log.readFrom(1)) {
    const plate = point.fields.plate;
    if (plate?.kind === 'string') seen.set(plate.value, (seen.get(plate.value) ?? 0) + 1);
  }
  return seen;
}

describe('cluster: kill -9 of the stream leader broker under writes', () => {
  it('pauses writes, then takes them again; nothing acknowledged is lost or doubled', async () => {
    const writers = startWriters({ urls: () => nodes.map((n) => n.url), site: SITE, batch: 10, tag: 'B' });
    await until('200 acknowledged events', async () => (writers.stats.acked.size >= 200 ? true : undefined));
    const leader = await until('the stream leader', () => brokers.streamLeader('portpulse'));
    const killedAt = Date.now();
    await leader.kill();
    const ackedAtKill = writers.stats.acked.size;
    const newLeaderP = until('a new stream leader', async () => {
      const l = await brokers.streamLeader('portpulse');
      return l && l.name !== leader.name ? l : undefined;
    }).then((l) => ({
      l,
      ms: Date.now() - killedAt,
    }));
    await until('200 more acknowledged events after the leader died', async () =>
      writers.stats.acked.size >= ackedAtKill + 200 ? true : undefined,
    );
    const moreAckedMs = Date.now() - killedAt;
    const { l: newLeader, ms: electedMs } = await newLeaderP;
    expect(newLeader.name).not.toBe(leader.name);
    await writers.stop();
    await leader.start();

    const acked = writers.stats.acked;
    const applyStart = Date.now();
    for (const node of nodes) {
      const plates = await until(`node ${node.url} to apply every acknowledged write`, async () => {
        const p = await platesIn(node);
        return [...acked].every((a) => p.has(a)) ? p : undefined;
      });
      const doubled = [...plates].filter(([, n]) => n > 1);
      expect(doubled).toEqual([]);
    }
    mkdirSync('test-results', { recursive: true });
    writeFileSync(
      'test-results/cluster-broker-failover.json',
      `${JSON.stringify(
        {
          acknowledged: acked.size,
          lost: 0,
          duplicates: 0,
          killedLeader: leader.name,
          newLeader: newLeader.name,
          newLeaderSeenAfterMs: electedMs,
          twoHundredMoreAckedAfterMs: moreAckedMs,
          allAppliedAfterRestartMs: Date.now() - applyStart,
          longestWriteMs: writers.stats.longestMs,
          writeRetries: writers.stats.retries,
        },
        null,
        2,
      )}\n`,
    );
  });
});

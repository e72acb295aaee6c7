// Test (c) of cluster mode: the broker that leads the event stream's Raft group is killed with SIGKILL while
// every node takes writes. The two remaining brokers elect a new leader; publishes are retried with the same
// message ids meanwhile, so writes pause and then succeed; nothing acknowledged is lost and nothing is stored
// twice. The killed broker restarts on its store and the stream is whole on every node. The figures (when the
// brokers announced the new leader, when the first write was acknowledged after that, the longest write) go to
// test-results/cluster-broker-failover.json and the log: the election is nats-server's, the rest is ours.
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

const failover = { timeoutMs: 90_000, intervalMs: 100 };

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
    await waitFor(
      '200 acknowledged events',
      async () => (writers.stats.acked.size >= 200 ? true : undefined),
      failover,
    );
    const leader = await waitFor('the stream leader', () => brokers.streamLeader('portpulse'), failover);
    // The brokers' own announcement of the new leader, on a connection of the test's.
    const watcher = await brokers.connect({ maxReconnectAttempts: -1 });
    let elected: { at: number; acked: number } | undefined;
    watcher.subscribe('$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.portpulse', {
      callback: () => {
        elected ??= { at: Date.now(), acked: writers.stats.acked.size };
      },
    });
    await watcher.flush();
    const killedAt = Date.now();
    await leader.kill();
    const ackedAtKill = writers.stats.acked.size;
    const firstAckAfterElection = waitFor(
      'a write acknowledged after the election',
      async () => (elected && writers.stats.acked.size > elected.acked ? Date.now() : undefined),
      failover,
    );
    const newLeaderP = waitFor(
      'a new stream leader',
      async () => {
        const l = await brokers.streamLeader('portpulse');
        return l && l.name !== leader.name ? l : undefined;
      },
      failover,
    ).then((l) => ({
      l,
      ms: Date.now() - killedAt,
    }));
    await waitFor(
      '200 more acknowledged events after the leader died',
      async () => (writers.stats.acked.size >= ackedAtKill + 200 ? true : undefined),
      failover,
    );
    const moreAckedMs = Date.now() - killedAt;
    const { l: newLeader, ms: electedMs } = await newLeaderP;
    const firstAckAt = await firstAckAfterElection;
    await watcher.close();
    expect(newLeader.name).not.toBe(leader.name);
    await writers.stop();
    await leader.start();

    const acked = writers.stats.acked;
    const applyStart = Date.now();
    for (const node of nodes) {
      const plates = await waitFor(
        `node ${node.url} to apply every acknowledged write`,
        async () => {
          const p = await platesIn(node);
          return [...acked].every((a) => p.has(a)) ? p : undefined;
        },
        failover,
      );
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
          leaderElectedAfterMs: elected!.at - killedAt,
          firstAckAfterElectionMs: firstAckAt - elected!.at,
          twoHundredMoreAckedAfterMs: moreAckedMs,
          allAppliedAfterRestartMs: Date.now() - applyStart,
          longestWriteMs: writers.stats.longestMs,
          writeRetries: writers.stats.retries,
        },
        null,
        2,
      )}\n`,
    );
    console.log(
      `broker failover: leader elected ${elected!.at - killedAt} ms after the kill, first write acknowledged ${firstAckAt - elected!.at} ms after that, longest write ${writers.stats.longestMs} ms`,
    );
  });
});

// Joining after the stream expired, against real brokers: retention is simulated exactly by purging the
// stream up to a seq through the JetStream API (its first seq moves, as when max age / max bytes remove
// messages). (a) A fresh node joining after the purge installs the newest state snapshot and has the same
// monthly indices (for a month whose events were purged) and KPIs as the others at the same stream seq;
// (b) a node stopped, the stream purged past its position, restarted: it installs a snapshot, is not ready
// before it replayed the stream after it, then identical; (c) no snapshot covers the gap: /ready stays 503
// with the reason and the log names the fix; once a snapshot covers it, a restart joins.
import { jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import type { Logger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { tempDir, testConfig } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';
import { STREAM_SEQ_HEADER } from './stream-seq-header';
import { startInProcessCluster, type TestCluster } from './testing/cluster-nodes';
import { postEvents } from './testing/cluster-writers';
import type { NatsCluster } from './testing/nats-cluster';

const SITE = 'hgh-xiasha';
const OLD_MONTH = '2025-03';
const STREAM = 'portpulse';
let cluster: TestCluster<RunningServer> | undefined;
const extra: RunningServer[] = [];
const dirs: { remove(): void }[] = [];

afterEach(async () => {
  for (const n of extra.splice(0)) await n.close();
  await cluster?.stop();
  cluster = undefined;
  for (const d of dirs.splice(0)) d.remove();
});

const post = (node: RunningServer, events: PortEvent[]) => postEvents(node.url, events);

/** Trucks through the gate and over the bridge: `n` of each, at `base` + i minutes. */
function trucks(tag: string, base: number, n: number): PortEvent[] {
  return Array.from({ length: n }, (_, i) => [
    gateScan({ site: SITE, time: base + i * 60_000, plate: `浙${tag}${i}`, processing_ms: 2000 + 100 * i }),
    weighbridgeReading({
      site: SITE,
      time: base + i * 60_000 + 1000,
      plate: `浙${tag}${i}`,
      gross_kg: 30_000 + i,
      net_kg: 21_000 + i,
    }),
  ]).flat();
}

async function appliedOn(node: RunningServer, seq: number): Promise<void> {
  await waitFor(
    `${node.url} to apply the stream up to ${seq}`,
    async () => Number((await fetch(`${node.url}/api/sites`)).headers.get(STREAM_SEQ_HEADER)) >= seq,
    { timeoutMs: 30_000 },
  );
}

/** Waits until the cluster's object store holds a state snapshot of at least `seq`. */
async function snapshotAtLeast(brokers: NatsCluster, seq: number): Promise<number> {
  const nc = await brokers.connect();
  try {
    const os = await new Objm(nc).open(`${STREAM}-snapshots`);
    return await waitFor(
      `a state snapshot of seq >= ${seq}`,
      async () => {
        const seqs = (await os.list()).filter((o) => !o.deleted).map((o) => Number(o.name.split('-')[1]));
        const top = Math.max(0, ...seqs);
        return top >= seq ? top : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  } finally {
    await nc.close();
  }
}

/** Retention, simulated: removes every message below `keepFrom`; returns the stream's first seq after it. */
async function purgeBelow(brokers: NatsCluster, keepFrom: number): Promise<number> {
  const nc = await brokers.connect();
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.purge(STREAM, { seq: keepFrom });
    return (await jsm.streams.info(STREAM)).state.first_seq;
  } finally {
    await nc.close();
  }
}

/** Stores bytes that are no snapshot as the snapshot of `seq` (a torn upload, a bad disk); returns its name. */
async function damagedSnapshot(brokers: NatsCluster, seq: number): Promise<string> {
  const nc = await brokers.connect();
  try {
    const jsm = await jetstreamManager(nc);
    const epoch = `${STREAM}@${(await jsm.streams.info(STREAM)).created}`;
    const os = await new Objm(nc).open(`${STREAM}-snapshots`);
    const name = `state-${String(seq).padStart(16, '0')}`;
    await os.putBlob({ name, metadata: { epoch, node: 'test' } }, Buffer.from('not a snapshot'));
    return name;
  } finally {
    await nc.close();
  }
}

async function removeSnapshot(brokers: NatsCluster, name: string): Promise<void> {
  const nc = await brokers.connect();
  try {
    await (await new Objm(nc).open(`${STREAM}-snapshots`)).delete(name);
  } finally {
    await nc.close();
  }
}

const json = (node: RunningServer, path: string) => fetch(`${node.url}${path}`).then((r) => r.json());

/** Indices of the purged month and the current one, and the KPI row at one instant, compared with `ref`. */
async function expectSameState(node: RunningServer, ref: RunningServer, now: number): Promise<void> {
  const month = new Date(now).toISOString().slice(0, 7);
  for (const path of [
    `/api/indices?month=${OLD_MONTH}&site=${SITE}`,
    `/api/indices?month=${OLD_MONTH}`,
    `/api/indices?month=${month}&site=${SITE}`,
    `/api/indices/series?from=${OLD_MONTH}&to=${month}&site=${SITE}`,
  ])
    expect(await json(node, path), path).toEqual(await json(ref, path));
  expect(node.deps.kpis.site(SITE).row(now)).toEqual(ref.deps.kpis.site(SITE).row(now));
  expect(node.deps.kpis.site(SITE).lanes.table(now)).toEqual(ref.deps.kpis.site(SITE).lanes.table(now));
}

function recordingLogger(): { logger: Logger; lines: { level: string; msg: string; fields?: unknown }[] } {
  const lines: { level: string; msg: string; fields?: unknown }[] = [];
  return { lines, logger: (level, msg, fields) => lines.push({ level, msg, fields }) };
}

/** Starts node `id` on `dir` with the cluster's settings (a node that joins later, or restarts). */
async function startNode(id: number, dir: string, logger: Logger, env: Record<string, string> = {}) {
  const settings = {
    ...cluster!.nodeEnv(0),
    PORTPULSE_DATA_DIR: dir,
    PORTPULSE_NODE_ID: `node-${id}`,
    ...env,
  };
  const node = await startServer(testConfig(dir, settings), logger);
  extra.push(node);
  return node;
}

/** Polls /ready until 200; every earlier answer must be 503. Returns the stream seq the 200 reflected. */
async function firstReady(node: RunningServer): Promise<number> {
  const seen: number[] = [];
  const res = await waitFor(
    `${node.url} to be ready`,
    async () => {
      const r = await fetch(`${node.url}/ready`);
      seen.push(r.status);
      return r.status === 200 ? r : undefined;
    },
    { timeoutMs: 30_000, detail: () => seen },
  );
  expect(seen.filter((s) => s !== 503 && s !== 200)).toEqual([]);
  return Number(res.headers.get(STREAM_SEQ_HEADER));
}

const SNAPSHOTS_EVERY_SECOND = { PORTPULSE_CLUSTER_SNAPSHOT_SECONDS: '1' };

describe('joining after the stream expired: state snapshots', () => {
  it('(a) a fresh node joining after the purge has the same indices and KPIs as the others', async () => {
    cluster = await startInProcessCluster({
      nodes: 2,
      name: 'snap-fresh',
      env: () => SNAPSHOTS_EVERY_SECOND,
    });
    const [a, b] = cluster.nodes as [RunningServer, RunningServer];
    const now = Date.now();
    const purged = trucks('A', Date.parse(`${OLD_MONTH}-10T08:00:00Z`), 20);
    await post(a, purged);
    const x = await post(b, trucks('B', now - 10 * 60_000, 8));
    for (const n of [a, b]) await appliedOn(n, x);
    await snapshotAtLeast(cluster.brokers, x);
    expect(await purgeBelow(cluster.brokers, x + 1)).toBe(x + 1);
    // The tail after the purge: the new node replays it from the stream.
    const y = await post(a, [
      ...trucks('C', Date.parse(`${OLD_MONTH}-11T08:00:00Z`), 3),
      ...trucks('D', now - 60_000, 2),
    ]);
    const dir = tempDir('portpulse-snap-fresh-new-');
    dirs.push(dir);
    const log = recordingLogger();
    const c = await startNode(2, dir.path, log.logger, SNAPSHOTS_EVERY_SECOND);
    expect(await firstReady(c)).toBeGreaterThanOrEqual(y);
    for (const n of [a, b, c]) await appliedOn(n, y);
    await expectSameState(c, a, now);
    // The purged month is really there on the new node (not two empty answers).
    expect(c.deps.rollups.monthSums([SITE], OLD_MONTH)).toEqual(a.deps.rollups.monthSums([SITE], OLD_MONTH));
    expect(JSON.stringify(c.deps.rollups.monthSums([SITE], OLD_MONTH))).not.toEqual(
      JSON.stringify(c.deps.rollups.monthSums([SITE], '2020-01')),
    );
    expect(log.lines.some((l) => l.msg.startsWith('cluster: installed a state snapshot'))).toBe(true);
    const status = (await json(c, '/ready')) as { cluster: { installedSnapshotSeq: number } };
    expect(status.cluster.installedSnapshotSeq).toBeGreaterThanOrEqual(x);
    // The identity of purged events came with the snapshot: a client's late retry of one is dropped, and a
    // distinct truck in its series and millisecond is moved by +1 ns, on the new node as on the others.
    const first = purged[0] as PortEvent & { plate: string };
    const before = [a, c].map((n) => n.log.lastSeq());
    const z = await post(c, [first, { ...first, plate: '浙Z9' }]);
    for (const n of [a, b, c]) await appliedOn(n, z);
    expect([a, c].map((n, i) => n.log.lastSeq() - before[i]!)).toEqual([1, 1]);
    const lastPoint = async (n: RunningServer) => {
      let last: bigint | undefined;
      for await (const { point } of n.log.readFrom(n.log.lastSeq())) last = point.timestamp;
      return last;
    };
    expect(await lastPoint(c)).toBe(BigInt(first.time) * 1_000_000n + 1n);
    expect(await lastPoint(a)).toBe(await lastPoint(c));
    // Restarted later, it starts from the installed live state again plus its log after it (its log alone
    // lacks the events before the snapshot): still the same KPIs and indices.
    await c.close();
    extra.splice(extra.indexOf(c), 1);
    const c2 = await startNode(2, dir.path, recordingLogger().logger, SNAPSHOTS_EVERY_SECOND);
    await firstReady(c2);
    await appliedOn(c2, z);
    await expectSameState(c2, a, now);
  }, 180_000);

  it('(b) a node restarted after the stream moved past its position installs a snapshot, then is identical', async () => {
    cluster = await startInProcessCluster({
      nodes: 3,
      name: 'snap-rejoin',
      env: () => SNAPSHOTS_EVERY_SECOND,
    });
    const [a, b, c] = cluster.nodes as [RunningServer, RunningServer, RunningServer];
    const now = Date.now();
    const x = await post(a, trucks('A', Date.parse(`${OLD_MONTH}-05T08:00:00Z`), 10));
    for (const n of [a, b, c]) await appliedOn(n, x);
    await c.close();
    cluster.nodes.pop();
    // While node 2 is away: more of the old month and of now, then retention removes all of it.
    await post(b, trucks('B', Date.parse(`${OLD_MONTH}-20T08:00:00Z`), 15));
    const x2 = await post(a, trucks('E', now - 5 * 60_000, 5));
    for (const n of [a, b]) await appliedOn(n, x2);
    await snapshotAtLeast(cluster.brokers, x2);
    expect(await purgeBelow(cluster.brokers, x2 + 1)).toBe(x2 + 1);
    const y = await post(b, trucks('F', now - 2 * 60_000, 2));
    const log = recordingLogger();
    const again = await startNode(2, cluster.nodeEnv(2).PORTPULSE_DATA_DIR!, log.logger);
    expect(await firstReady(again)).toBeGreaterThanOrEqual(y);
    for (const n of [a, b, again]) await appliedOn(n, y);
    await expectSameState(again, a, now);
    await expectSameState(again, b, now);
    const installed = log.lines.find((l) => l.msg.startsWith('cluster: installed a state snapshot'));
    expect(installed?.fields).toMatchObject({ firstSeq: x2 + 1 });
    const before = (installed?.fields as { appliedSeqBefore: number; snapshotSeq: number }) ?? {};
    expect(before.appliedSeqBefore).toBeGreaterThanOrEqual(x);
    expect(before.appliedSeqBefore).toBeLessThan(x2);
    expect(before.snapshotSeq).toBeGreaterThanOrEqual(x2);
  }, 180_000);

  it('(c) with no snapshot covering the gap /ready stays 503 with the reason; a later snapshot lets it join', async () => {
    // Snapshots every hour: none is published during the test until node 0 is restarted below.
    cluster = await startInProcessCluster({ nodes: 2, name: 'snap-none' });
    const [a, b] = cluster.nodes as [RunningServer, RunningServer];
    const now = Date.now();
    const x = await post(a, trucks('A', Date.parse(`${OLD_MONTH}-07T08:00:00Z`), 5));
    await appliedOn(b, x);
    await b.close();
    cluster.nodes.pop();
    const x2 = await post(a, trucks('B', now - 3 * 60_000, 4));
    expect(await purgeBelow(cluster.brokers, x2 + 1)).toBe(x2 + 1);
    // The only snapshot that would cover the gap is damaged: it does not count.
    const damaged = await damagedSnapshot(cluster.brokers, x2);
    const log = recordingLogger();
    const bDir = cluster.nodeEnv(1).PORTPULSE_DATA_DIR!;
    const blocked = await startNode(1, bDir, log.logger);
    // Once the node has seen the stream (so "unreachable" is not the reason), /ready says why it is not ready.
    const ready = await waitFor(
      'the blocked node to report the stream',
      async () => {
        const r = await fetch(`${blocked.url}/ready`);
        const body = (await r.json()) as {
          checks: { stream: { detail: string } };
          cluster?: { streamSeq: number };
        };
        return (body.cluster?.streamSeq ?? 0) >= x2 ? { status: r.status, body } : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(ready.status).toBe(503);
    expect(ready.body.checks.stream.detail).toContain('cannot join');
    expect(ready.body.checks.stream.detail).toContain(`starts at seq ${x2 + 1}`);
    expect(ready.body.checks.stream.detail).toContain(`no usable state snapshot`);
    expect(ready.body.checks.stream.detail).toContain(damaged);
    const skipped = log.lines.find((l) => l.msg.startsWith('cluster: a state snapshot is unusable'));
    expect(skipped?.fields).toMatchObject({ snapshot: damaged });
    const refused = log.lines.find((l) => l.msg.startsWith('cluster: cannot join'));
    expect(refused?.level).toBe('error');
    expect(JSON.stringify(refused?.fields)).toContain('PORTPULSE_CLUSTER_SNAPSHOT_SECONDS');
    // It applied nothing after its gap: its indices are not passed off as the cluster's.
    const position = (refused?.fields as { appliedSeq: number }).appliedSeq;
    expect(position).toBeGreaterThanOrEqual(x);
    expect(position).toBeLessThan(x2);
    expect(blocked.deps.cluster!.appliedSeq()).toBe(position);
    // The fix the log names: a node publishes a snapshot, then the blocked node restarts and joins.
    await removeSnapshot(cluster.brokers, damaged);
    await a.close();
    cluster.nodes.length = 0;
    const a2 = await startNode(0, cluster.nodeEnv(0).PORTPULSE_DATA_DIR!, recordingLogger().logger, {
      ...SNAPSHOTS_EVERY_SECOND,
    });
    await snapshotAtLeast(cluster.brokers, x2);
    await blocked.close();
    extra.splice(extra.indexOf(blocked), 1);
    const joined = await startNode(1, bDir, recordingLogger().logger);
    expect(await firstReady(joined)).toBeGreaterThanOrEqual(x2);
    await appliedOn(a2, x2);
    await expectSameState(joined, a2, now);
  }, 180_000);
});

// A node that takes the alert notifier lease but cannot apply the stream up to its end does not send: it logs
// it and gives the lease back (it would otherwise send again what the stream already says was handled). Once
// it has applied the stream, it takes the lease again and sends. In process, on a real NATS broker; the node's
// applying is held up by its own alerting hook, which waits on a gate the test opens.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AlertingRecord } from '../alerts/replication/alerting-record';
import { Ingest } from '../ingest/ingest';
import type { LogLevel } from '../logger';
import { EventLog } from '../store/event-log';
import { tempDir } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';
import type { ClusterConfig } from './cluster-config';
import { type AlertingHooks, ClusterNode } from './cluster-node';
import { natsAuthFrom } from './nats-auth';
import { type NatsCluster, startNatsCluster } from './testing/nats-cluster';

let nats: NatsCluster;
const dirs: ReturnType<typeof tempDir>[] = [];
const opened: { close(): Promise<unknown> }[] = [];
/** Lets the slow node apply the stream (also on a failure, so it can close). */
let openGate: () => void = () => {};

beforeAll(async () => {
  nats = await startNatsCluster();
}, 120_000);

afterAll(async () => {
  openGate();
  for (const o of opened.reverse()) await o.close().catch(() => {});
  await nats?.stop();
  for (const d of dirs) d.remove();
}, 60_000);

async function openNode(nodeId: string, logs: { level: LogLevel; msg: string }[]) {
  const dir = tempDir(`portpulse-catch-up-${nodeId}-`);
  dirs.push(dir);
  const log = await EventLog.open({ dir: join(dir.path, 'log'), segmentBytes: 1 << 20, fsync: false });
  opened.push(log);
  const cfg: ClusterConfig = {
    natsUrls: nats.urls.split(','),
    auth: natsAuthFrom(nats.login),
    nodeId,
    stream: 'catchup',
    replicas: 3,
    duplicateWindowS: 120,
    maxAgeHours: 24,
    maxBytes: 1024 ** 3,
    maxApplyLag: 1000,
    leaseMs: 1500,
    notifierCatchUpMs: 800,
    presenceTtlMs: 5000,
    rateLimitSyncMs: 100,
    rateLimitSlack: 50,
    snapshotSeconds: 0,
    snapshotKeep: 3,
    publicUrl: undefined,
  };
  const node = await ClusterNode.open(cfg, {
    dataDir: dir.path,
    log,
    logger: (level, msg) => logs.push({ level, msg }),
  });
  opened.push(node);
  return { node, log };
}

it('a notifier that has not applied the stream releases the lease instead of sending, and sends once caught up', async () => {
  // A writer node (not applying) stores a record the other node will be slow to apply.
  const writer = await openNode('writer', []);
  const record: AlertingRecord = { type: 'tick', node: 'writer' };
  await writer.node.publishAlerting(record);

  const logs: { level: LogLevel; msg: string }[] = [];
  const { node, log } = await openNode('slow', logs);
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  const notifier: boolean[] = [];
  const hooks: AlertingHooks = {
    apply: () => gate,
    notifier: async (on) => {
      notifier.push(on);
    },
  };
  await node.startApplying(new Ingest(log, { maxFutureMs: 60_000 }), hooks);
  node.startNotifying(hooks);

  const released = () => logs.filter((l) => l.msg.includes('releasing the alert notifier lease'));
  // It took the lease, waited its catch-up time, and gave the lease back (twice: it keeps competing).
  await waitFor('the stuck node to release the notifier lease twice', () => released().length >= 2, {
    timeoutMs: 60_000,
    detail: () => ({ logs, notifier }),
  });
  expect(released()[0]!.level).toBe('warn');
  expect(notifier).not.toContain(true);
  expect(node.appliedSeq).toBe(0);

  openGate();
  await waitFor('the caught-up node to send notifications', () => notifier.includes(true), {
    timeoutMs: 60_000,
    detail: () => ({ logs, notifier, applied: node.appliedSeq }),
  });
  expect(node.appliedSeq).toBeGreaterThanOrEqual(1);
}, 180_000);

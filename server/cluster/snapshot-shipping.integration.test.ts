// A node that started from a state snapshot has no log of the events before it, so it must not ship to
// InfluxDB while InfluxDB still lacks some of them: real brokers and a real influxd. Node 0 ships to an
// InfluxDB that is down, so nothing is shipped; the stream is purged, node 1 joins from a snapshot; node 0
// stops and node 1, alone, applies new events but stays out of shipping (and says so in /ready) instead of
// moving the shipped position past events it never held. Node 0 comes back (InfluxDB up), ships, and node 1
// joins the lease: InfluxDB ends with every event exactly once. Node 1 never takes the notifier lease.
import { jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { afterAll, describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { gateScan } from '../../shared/events/testing/event-builders';
import type { Logger } from '../logger';
import { type RunningServer, startServer } from '../start-server';
import { freePort } from '../testing/free-port';
import { type Influxd, startInfluxd } from '../testing/influxd';
import { tempDir, testConfig } from '../testing/test-config';
import { waitFor } from '../testing/wait-for';
import { postEvents } from './testing/cluster-writers';
import { type NatsCluster, startNatsCluster } from './testing/nats-cluster';

const SITE = 'hgh-xiasha';
const DB = 'portpulse_snapshot_shipping';
const STREAM = 'portpulse';
const LEASE_MS = 4000;
let brokers: NatsCluster | undefined;
let influx: Influxd | undefined;
const running: RunningServer[] = [];
const dirs = [tempDir('portpulse-snap-ship-0-'), tempDir('portpulse-snap-ship-1-')];

afterAll(async () => {
  for (const n of running) await n.close();
  await Promise.all([brokers?.stop(), influx?.stop()]);
  for (const d of dirs) d.remove();
});

function recordingLogger() {
  const lines: { level: string; msg: string; fields?: unknown }[] = [];
  const logger: Logger = (level, msg, fields) => lines.push({ level, msg, fields });
  return { lines, logger };
}

async function startNode(i: number, influxUrl: string, logger: Logger): Promise<RunningServer> {
  const env = {
    PORTPULSE_NATS_URL: brokers!.urls,
    ...brokers!.login,
    PORTPULSE_NODE_ID: `node-${i}`,
    PORTPULSE_INFLUX_URL: influxUrl,
    PORTPULSE_INFLUX_DB: DB,
    PORTPULSE_CLUSTER_LEASE_MS: String(LEASE_MS),
    PORTPULSE_CLUSTER_SNAPSHOT_SECONDS: '1',
  };
  const node = await startServer(testConfig(dirs[i]!.path, env), logger);
  running.push(node);
  return node;
}

async function stopNode(node: RunningServer): Promise<void> {
  running.splice(running.indexOf(node), 1);
  await node.close();
}

const post = (node: RunningServer, events: PortEvent[]) => postEvents(node.url, events);

const scans = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    gateScan({ site: SITE, time: Date.now() - 60_000 + i, plate: `浙${tag}${i}`, processing_ms: 3000 }),
  );

describe('cluster: a node started from a snapshot and the InfluxDB shipping lease', () => {
  it('stays out of shipping while InfluxDB lacks events before its snapshot; a node that holds them ships them', async () => {
    [brokers, influx] = await Promise.all([startNatsCluster(), startInfluxd()]);
    const deadInflux = `http://127.0.0.1:${await freePort()}`; // nothing listens: node 0 ships nothing
    const node0 = await startNode(0, deadInflux, recordingLogger().logger);
    const x = await post(node0, scans('A', 30));
    // A snapshot that includes the events, then retention removes them from the stream.
    const nc = await brokers.connect();
    const os = await new Objm(nc).open(`${STREAM}-snapshots`);
    await waitFor(
      `a state snapshot of seq >= ${x}`,
      async () => (await os.list()).some((o) => !o.deleted && Number(o.name.split('-')[1]) >= x),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await (await jetstreamManager(nc)).streams.purge(STREAM, { seq: x + 1 });
    await nc.close();

    const log1 = recordingLogger();
    const node1 = await startNode(1, influx.url, log1.logger);
    expect(log1.lines.some((l) => l.msg.startsWith('cluster: installed a state snapshot'))).toBe(true);
    await stopNode(node0); // releases the leases: node 1 is the only candidate
    // Node 1 lacks alerting's records from before its snapshot: it declines the notifier lease (not take it).
    const notifierLine = await waitFor(
      'node 1 to take or decline the alert notifier lease',
      async () =>
        log1.lines.find((l) => /alert notifier lease/.test(l.msg) && !/operation failed/.test(l.msg)),
      { timeoutMs: 30_000 },
    );
    expect(notifierLine.msg).toMatch(/^cluster: not taking the alert notifier lease/);
    // While node 0 is down node 1 applies new events but stays out of shipping: InfluxDB gets nothing.
    const y = await post(node1, scans('B', 20));
    const ready1 = async () =>
      (await fetch(`${node1.url}/ready`).then((r) => r.json())) as {
        cluster: {
          appliedSeq: number;
          shipping: boolean;
          installedSnapshotSeq: number;
          shippingWaitsFor?: { fromSeq: number; toSeq: number; fix: string };
        };
      };
    await waitFor('node 1 to apply the new events', async () => (await ready1()).cluster.appliedSeq >= y, {
      timeoutMs: 30_000,
    });
    const waiting = (await ready1()).cluster;
    expect(waiting.shipping).toBe(false);
    expect(waiting.shippingWaitsFor).toMatchObject({ fromSeq: 1, toSeq: waiting.installedSnapshotSeq });
    expect(waiting.installedSnapshotSeq).toBeGreaterThanOrEqual(x);
    const count = () =>
      influx!.scalar(`SELECT count(processing_ms) FROM gate_scan WHERE site='${SITE}'`, DB).catch(() => 0);
    expect(await count()).toBe(0);

    // Node 0 comes back with InfluxDB reachable; it holds the events and ships them, then node 1 may ship.
    const again = await startNode(0, influx.url, recordingLogger().logger);
    await waitFor('all 50 events in InfluxDB', async () => ((await count()) >= 50 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    await waitFor(
      'node 1 to join shipping',
      async () => (await ready1()).cluster.shippingWaitsFor === undefined,
      {
        timeoutMs: 30_000,
      },
    );
    // Node 1 lacks alerting's records from before its snapshot: it left the notifier lease to node 0.
    const notifier = await waitFor(
      'node 0 to see the alert notifier',
      async () =>
        ((await fetch(`${again.url}/ready`).then((r) => r.json())) as { cluster: { notifier?: string } })
          .cluster.notifier,
      { timeoutMs: 30_000 },
    );
    expect(notifier).toBe('node-0');
    await waitFor(
      'the shipper to catch up',
      async () => {
        const r = (await fetch(`${again.url}/ready`).then((x) => x.json())) as {
          influx?: { lagEvents: number; shippedSeq: number };
          cluster?: { shipping: boolean; appliedSeq: number };
        };
        return r.cluster?.shipping && r.cluster.appliedSeq >= y && r.influx?.lagEvents === 0
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(await count()).toBe(50);
    expect(await influx.scalar(`SELECT count(distinct(plate)) FROM gate_scan WHERE site='${SITE}'`, DB)).toBe(
      50,
    );
    const refused = log1.lines.find((l) => l.msg.startsWith('cluster: not shipping'));
    expect(refused?.level).toBe('error');
    expect(refused?.fields).toMatchObject({ fromSeq: 1 });
  }, 240_000);
});

// Scenario 7, cluster mode: the same load on one cluster node and on three (each a real server process on
// three real JetStream brokers): live clients held, server memory per client, event → client latency p50/p99,
// CPU per event and per client (so scaling beyond this box can be projected). Then, on the three nodes, a
// node is killed with SIGKILL under writes: failover time (kill → the last of its clients resumed on another
// node with a snapshot), events lost and stored twice (acknowledged writes vs the survivors' logs).
import WebSocket from 'ws';
import { startWriters } from '../../server/cluster/testing/cluster-writers';
import { type NatsCluster, startNatsCluster } from '../../server/cluster/testing/nats-cluster';
import { eventsChannel } from '../../shared/live/channels';
import { benchSites } from '../data/bench-sites';
import { simulateCount } from '../data/event-mix';
import { type BenchServer, startBenchServer } from '../load/bench-server';
import { cpuSeconds, rssBytes } from '../load/proc-status';
import { startSteadyWriter } from '../load/steady-writer';
import { sleep } from '../load/wait';
import { type Fleet, startFleet } from '../load/ws-fleet';
import type { ClientPlan } from '../load/ws-fleet-protocol';
import { makeRow, type Row } from '../report/rows';
import type { Scenario, ScenarioContext } from './scenario';

async function startNodes(ctx: ScenarioContext, brokers: NatsCluster, count: number, tag: string) {
  const nodes: BenchServer[] = [];
  for (let i = 0; i < count; i++)
    nodes.push(
      await startBenchServer({
        dataDir: `${ctx.workDir}/${tag}-${i}`,
        sitesFile: ctx.sitesFile,
        env: {
          PORTPULSE_NATS_URL: brokers.urls,
          ...brokers.login,
          PORTPULSE_NODE_ID: `${tag}-${i}`,
          PORTPULSE_NATS_STREAM: `bench-${tag}`,
        },
      }),
    );
  return nodes;
}

/** Events read from a node's log size line in /ready ("N events, …"). */
async function logEvents(node: BenchServer): Promise<number> {
  const r = (await (await fetch(`${node.url}/ready`)).json()) as { checks: { log: { detail: string } } };
  return Number(r.checks.log.detail.split(' ')[0]);
}

/** Measures the load on `count` fresh nodes; `keep`: leaves them running for the failover (the caller stops them). */
async function measureLoad(ctx: ScenarioContext, brokers: NatsCluster, count: number, keep = false) {
  const s = ctx.sizes.cluster;
  const nodes = await startNodes(ctx, brokers, count, `n${count}`);
  const pool = simulateCount(Math.min(100_000, s.eventsPerSecond * 20), Date.now());
  const fleets: Fleet[] = [];
  try {
    const rssBefore = nodes.map((n) => rssBytes(n.pid) ?? 0);
    const perNode = Math.ceil(s.clients / count);
    for (const [i, node] of nodes.entries()) {
      const plans: ClientPlan[] = Array.from({ length: perNode }, (_, k) => ({
        channels: [eventsChannel(benchSites[(i * perNode + k) % benchSites.length]!.id)],
        probe: k % s.probeEvery === 0,
        slow: false,
      }));
      fleets.push(await startFleet(node.url, plans, 1));
    }
    const writers = nodes.map((n) => startSteadyWriter(n.url, pool, s.eventsPerSecond / count));
    await sleep(s.warmupSeconds * 1000);
    for (const f of fleets) f.record(true);
    const cpu0 = nodes.map((n) => cpuSeconds(n.pid) ?? 0);
    await sleep(s.recordSeconds * 1000);
    for (const f of fleets) f.record(false);
    const cpu1 = nodes.map((n) => cpuSeconds(n.pid) ?? 0);
    const rssAfter = nodes.map((n) => rssBytes(n.pid) ?? 0);
    const written = await Promise.all(writers.map((w) => w.stop()));
    const reports = await Promise.all(fleets.map((f) => f.report()));
    const latency = reports.map((r) => r.latency);
    const held = fleets.reduce((n, f) => n + f.open, 0);
    const cpu = cpu1.reduce((t, c, i) => t + c - cpu0[i]!, 0);
    const eventsPerSecond = written.reduce((t, w) => t + w.achievedPerSecond, 0);
    const frames = reports.reduce((t, r) => t + r.frames, 0);
    return {
      nodes,
      clients: held,
      failedClients: fleets.reduce((n, f) => n + f.failed, 0),
      eventsPerSecond,
      // The slowest node's percentiles: a client is only as fresh as the node it is on.
      p50: Math.max(...latency.map((l) => l.p50)),
      p99: Math.max(...latency.map((l) => l.p99)),
      memoryPerClientKiB:
        held > 0 ? rssAfter.reduce((t, r, i) => t + r - rssBefore[i]!, 0) / held / 1024 : null,
      cpuCoresTotal: cpu / s.recordSeconds,
      cpuMsPerEvent: eventsPerSecond > 0 ? (cpu * 1000) / (eventsPerSecond * s.recordSeconds) : null,
      cpuMsPerFrame: frames > 0 ? (cpu * 1000) / frames : null,
    };
  } finally {
    await Promise.all(fleets.map((f) => f.close()));
    if (!keep) await Promise.all(nodes.map((n) => n.stop()));
  }
}

/** Clients on the victim that reconnect to a survivor when their socket dies; resolves with each resume time. */
function resumingClients(victim: string, survivors: string[], count: number) {
  const resumed: number[] = [];
  const sockets: WebSocket[] = [];
  const connect = (url: string, i: number, onSnapshot?: () => void) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/live`);
    sockets.push(ws);
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          type: 'subscribe',
          channels: [eventsChannel(benchSites[i % benchSites.length]!.id)],
        }),
      ),
    );
    ws.on('message', (d) => {
      if (onSnapshot && String(d).startsWith('{"type":"snapshot"')) {
        onSnapshot();
        onSnapshot = undefined;
      }
    });
    return ws;
  };
  const opened = Array.from(
    { length: count },
    (_, i) =>
      new Promise<void>((ready) => {
        const ws = connect(victim, i, ready);
        ws.on('close', () => connect(survivors[i % survivors.length]!, i, () => resumed.push(Date.now())));
        ws.on('error', () => {});
      }),
  );
  return {
    ready: Promise.all(opened),
    resumed,
    close: () => {
      for (const ws of sockets) ws.terminate();
    },
  };
}

async function measureFailover(ctx: ScenarioContext, nodes: BenchServer[]) {
  const s = ctx.sizes.cluster;
  const [victim, ...survivors] = nodes as [BenchServer, ...BenchServer[]];
  const clients = resumingClients(
    victim.url,
    survivors.map((n) => n.url),
    s.failoverClients,
  );
  try {
    await clients.ready;
    const before = await logEvents(survivors[0]!);
    let alive = nodes.map((n) => n.url);
    const writers = startWriters({ urls: () => alive, site: benchSites[0]!.id, batch: 20, tag: 'F' });
    await sleep(2000);
    const killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');
    alive = survivors.map((n) => n.url);
    const deadline = Date.now() + 60_000;
    while (clients.resumed.length < s.failoverClients && Date.now() < deadline) await sleep(50);
    const resumedAll = clients.resumed.length === s.failoverClients;
    await sleep(2000);
    await writers.stop();
    const acked = writers.stats.acked.size;
    let stored = 0;
    for (const until = Date.now() + 30_000; Date.now() < until; await sleep(200)) {
      stored = (await logEvents(survivors[0]!)) - before;
      if (stored >= acked) break;
    }
    return {
      clients: s.failoverClients,
      resumed: clients.resumed.length,
      failoverMs: resumedAll ? Math.max(...clients.resumed) - killedAt : null,
      acked,
      lost: Math.max(0, acked - stored),
      duplicates: Math.max(0, stored - acked),
      longestWriteMs: writers.stats.longestMs,
    };
  } finally {
    clients.close();
    await Promise.all(survivors.map((n) => n.stop()));
  }
}

export const clusterScenario: Scenario = {
  name: 'cluster',
  async run(ctx) {
    const brokers = await startNatsCluster();
    try {
      const { nodes: _, ...one } = await measureLoad(ctx, brokers, 1);
      const { nodes, ...three } = await measureLoad(ctx, brokers, 3, true);
      const failover = await measureFailover(ctx, nodes);
      const scenario = '7 cluster (NATS JetStream)';
      const rows: Row[] = [];
      const load = `${ctx.sizes.cluster.clients} clients, ${Math.round(one.eventsPerSecond)} vs ${Math.round(three.eventsPerSecond)} events/s written; 3 brokers on the same 2 cores`;
      const pair = (metric: string, unit: string, a: number | null, b: number | null, note?: string) =>
        rows.push(
          makeRow(scenario, {
            metric: `${metric}, 3 nodes`,
            unit,
            value: b,
            reference: { label: '1 node', value: a },
            ...(note ? { note } : {}),
          }),
        );
      pair('clients held', 'clients', one.clients, three.clients, load);
      pair('event → client p50', 'ms', one.p50, three.p50);
      pair('event → client p99', 'ms', one.p99, three.p99);
      pair('server memory per client', 'KiB', one.memoryPerClientKiB, three.memoryPerClientKiB);
      pair(
        'server CPU per event (all nodes)',
        'ms',
        one.cpuMsPerEvent,
        three.cpuMsPerEvent,
        'every node applies every event',
      );
      pair(
        'server CPU per frame sent to a client',
        'ms',
        one.cpuMsPerFrame,
        three.cpuMsPerFrame,
        'spread over the nodes',
      );
      rows.push(
        makeRow(scenario, {
          metric: 'failover: node killed → its last client resumed',
          unit: 'ms',
          value: failover.failoverMs,
          note: `${failover.resumed}/${failover.clients} clients resumed on the survivors; longest write ${failover.longestWriteMs} ms`,
        }),
        makeRow(scenario, {
          metric: 'failover: acknowledged events lost',
          unit: 'events',
          value: failover.lost,
          goal: { text: '= 0', check: (r) => r.value === 0 },
          note: `${failover.acked} acknowledged during the kill; stored twice: ${failover.duplicates}`,
        }),
      );
      return { rows, details: { sizes: ctx.sizes.cluster, one, three, failover } };
    } finally {
      await brokers.stop();
    }
  },
};

// Cluster mode against real brokers: three nats-server processes (JetStream, R3 file stream) and three
// portpulse nodes in this process, each with its own data dir and port. Writes to one node show on the others'
// live streams, KPIs and indices; a retry on another node is stored once; two distinct events in one series
// and millisecond are both kept with the same timestamps everywhere; after concurrent writes to every node,
// every node holds the same log and the same indices at the same stream seq.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PortEvent } from '../../shared/events/event';
import { gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import type { RunningServer } from '../start-server';
import { waitFor } from '../testing/wait-for';
import { STREAM_SEQ_HEADER } from './stream-seq-header';
import { startInProcessCluster, type TestCluster } from './testing/cluster-nodes';

const SITE = 'hgh-xiasha';
let cluster: TestCluster<RunningServer>;
let nodes: RunningServer[] = [];

beforeAll(async () => {
  cluster = await startInProcessCluster({
    nodes: 3,
    name: 'cluster',
    env: () => ({ PORTPULSE_BROADCAST_MS: '100', PORTPULSE_EVENT_FRAME_MS: '0' }),
  });
  nodes = cluster.nodes;
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

async function post(node: RunningServer, events: PortEvent[]): Promise<Response> {
  return fetch(`${node.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
}

/** Polls a node until it applied the stream up to `seq` (read from the header every response carries). */
async function appliedOn(node: RunningServer, seq: number): Promise<void> {
  await waitFor(
    `${node.url} to apply the stream up to ${seq}`,
    async () => Number((await fetch(`${node.url}/api/sites`)).headers.get(STREAM_SEQ_HEADER)) >= seq,
    { timeoutMs: 30_000 },
  );
}

async function storedLines(node: RunningServer): Promise<string[]> {
  const out: string[] = [];
  for await (const { point, seq } of node.log.readFrom(1)) out.push(`${seq} ${JSON.stringify(point, big)}`);
  return out;
}
const big = (_: string, v: unknown) => (typeof v === 'bigint' ? String(v) : v);

function liveClient(node: RunningServer, channel: string) {
  const ws = new WebSocket(`${node.url.replace('http', 'ws')}/api/live`);
  const messages: ServerMessage[] = [];
  ws.on('message', (d) => messages.push(serverMessageSchema.parse(JSON.parse(String(d)))));
  ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channels: [channel] })));
  return { ws, messages };
}

describe('cluster mode on NATS JetStream', () => {
  it('shows events written to node A on node B: live stream, KPIs and indices', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const live = liveClient(b, `events/${SITE}`);
    await new Promise((r) => live.ws.once('open', r));
    const now = Date.now();
    const events = [1, 2, 3].map((i) => gateScan({ site: SITE, time: now - 1000 * i, plate: `浙A0000${i}` }));
    const res = await post(a, events);
    expect(res.status).toBe(204);
    const seq = Number(res.headers.get(STREAM_SEQ_HEADER));
    expect(seq).toBeGreaterThan(0);
    await appliedOn(b, seq);
    // B's live stream carries A's events.
    await waitFor(
      "A's events on B's live stream",
      () => {
        const plates = live.messages.flatMap((m) =>
          m.type === 'append' || m.type === 'snapshot' ? JSON.stringify(m) : [],
        );
        return events.every((e) => plates.some((p) => p.includes(e.plate)));
      },
      { timeoutMs: 30_000 },
    );
    live.ws.close();
    const kpisB = (await (await fetch(`${b.url}/api/kpis/live?site=${SITE}`)).json()) as {
      kpis: Record<string, number | null>;
    };
    expect(kpisB.kpis.vehicles_in_per_min).toBe(3);
    const month = new Date(now).toISOString().slice(0, 7);
    const indexOf = async (n: RunningServer) =>
      (await fetch(`${n.url}/api/indices?month=${month}&site=${SITE}`)).json();
    expect(await indexOf(b)).toEqual(await indexOf(a));
    // The same KPI row for the same instant (the HTTP row is taken at each node's own "now").
    expect(b.deps.kpis.site(SITE).row(now)).toEqual(a.deps.kpis.site(SITE).row(now));
  });

  it('stores a retry that lands on another node once, and keeps two distinct events of one millisecond', async () => {
    const [a, b, c] = [nodes[0]!, nodes[1]!, nodes[2]!];
    const t = Date.now() - 5000;
    const first = weighbridgeReading({
      site: SITE,
      time: t,
      plate: '浙G7',
      gross_kg: 30_000,
      net_kg: 21_000,
    });
    const second = weighbridgeReading({
      site: SITE,
      time: t,
      plate: '浙G8',
      gross_kg: 31_000,
      net_kg: 22_000,
    });
    const before = a.log.lastSeq();
    const r1 = await post(a, [first]);
    const r2 = await post(b, [first]); // the client's retry, through another node
    const r3 = await post(c, [second]); // a different truck, same bridge and millisecond
    expect([r1.status, r2.status, r3.status], await r1.clone().text()).toEqual([204, 204, 204]);
    const seq = Math.max(...[r1, r2, r3].map((r) => Number(r.headers.get(STREAM_SEQ_HEADER))));
    for (const n of nodes) await appliedOn(n, seq);
    expect(a.log.lastSeq() - before).toBe(2);
    const [la = [], lb, lc] = await Promise.all(nodes.map(storedLines));
    expect(lb).toEqual(la);
    expect(lc).toEqual(la);
    const stamps = la.slice(-2).map((l) => JSON.parse(l.slice(l.indexOf(' ') + 1)).timestamp as string);
    expect(stamps).toEqual([`${t}000000`, `${t}000001`]);
  });

  it('reaches the same log, KPIs and indices on every node after concurrent writes to all nodes', async () => {
    const now = Date.now();
    const writes: Promise<Response>[] = [];
    for (let round = 0; round < 20; round++)
      nodes.forEach((n, i) => {
        const events = Array.from({ length: 10 }, (_, k) =>
          gateScan({
            site: SITE,
            time: now - 60_000 + round * 1000 + k,
            lane: `l${i + 1}`,
            plate: `浙B${round}${i}${k}`,
            processing_ms: 2000 + 500 * k,
          }),
        );
        writes.push(post(n, events));
      });
    const responses = await Promise.all(writes);
    expect(responses.map((r) => r.status).every((s) => s === 204)).toBe(true);
    const seq = Math.max(...responses.map((r) => Number(r.headers.get(STREAM_SEQ_HEADER))));
    for (const n of nodes) await appliedOn(n, seq);
    const logs = await Promise.all(nodes.map(storedLines));
    expect(logs[1]).toEqual(logs[0]);
    expect(logs[2]).toEqual(logs[0]);
    const month = new Date(now).toISOString().slice(0, 7);
    const read = (n: RunningServer, path: string) => fetch(`${n.url}${path}`).then((r) => r.json());
    for (const path of [
      `/api/indices?month=${month}`,
      `/api/indices?month=${month}&site=${SITE}`,
      `/api/indices/series?from=${month}&to=${month}&site=${SITE}`,
      `/api/alerts?site=${SITE}`,
    ]) {
      const [x, y, z] = await Promise.all(nodes.map((n) => read(n, path)));
      expect(y, path).toEqual(x);
      expect(z, path).toEqual(x);
    }
    // Live KPIs and lane flows read at one instant (over HTTP each node reads its own "now").
    const state = (n: RunningServer) => ({
      row: n.deps.kpis.site(SITE).row(now),
      lanes: n.deps.kpis.site(SITE).lanes.table(now),
    });
    expect(state(nodes[1]!)).toEqual(state(nodes[0]!));
    expect(state(nodes[2]!)).toEqual(state(nodes[0]!));
  });
});

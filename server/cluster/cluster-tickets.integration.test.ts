// Live tickets cluster-wide, against real brokers: a ticket issued by one node opens a WebSocket on another
// (the balancer may send the upgrade elsewhere than the POST), once: used again on either node it is refused,
// and a ticket nobody issued is refused too; and many tickets each redeemed on all three nodes at the same
// instant have exactly one winner each (a KV compare-and-set let two win on nats-server 2.9.10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RunningServer } from '../start-server';
import { READ_TOKEN, tokenEnv, tokenHeader } from '../testing/auth-fixture';
import { startInProcessCluster, type TestCluster } from './testing/cluster-nodes';

let cluster: TestCluster<RunningServer>;

beforeAll(async () => {
  cluster = await startInProcessCluster({
    nodes: 3,
    name: 'tickets',
    // No rate limit: the race below sends 150 upgrades of one token at once.
    env: () => ({ ...tokenEnv, PORTPULSE_RATE_LIMIT_RPS: '0' }),
  });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

async function ticketFrom(node: RunningServer): Promise<string> {
  const res = await fetch(`${node.url}/api/live/ticket`, {
    method: 'POST',
    headers: tokenHeader(READ_TOKEN),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { ticket: string }).ticket;
}

/** Opens the live socket with a ticket: the first message's type, or the HTTP status of a refused upgrade. */
function connectWith(node: RunningServer, ticket: string): Promise<string | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${node.url.replace('http', 'ws')}/api/live?ticket=${encodeURIComponent(ticket)}`,
    );
    ws.once('message', (d) => {
      resolve((JSON.parse(String(d)) as { type: string }).type);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

describe('cluster: live tickets in the KV', () => {
  it('accepts a ticket issued on node 0 on node 1, once', async () => {
    const [a, b] = [cluster.nodes[0]!, cluster.nodes[1]!];
    const ticket = await ticketFrom(a);
    expect(await connectWith(b, ticket)).toBe('hello');
    expect(await connectWith(b, ticket)).toBe(401);
    expect(await connectWith(a, ticket)).toBe(401);
    expect(await connectWith(a, 'x'.repeat(43))).toBe(401);
  });

  it('lets exactly one of three nodes redeem a ticket used on all of them at the same instant', async () => {
    const nodes = cluster.nodes;
    const tickets = await Promise.all(Array.from({ length: 50 }, (_, i) => ticketFrom(nodes[i % 3]!)));
    const outcomes = await Promise.all(tickets.map((t) => Promise.all(nodes.map((n) => connectWith(n, t)))));
    const winners = outcomes.map((o) => o.filter((r) => r === 'hello').length);
    const refused = outcomes.flat().filter((r) => r !== 'hello');
    expect(refused.every((r) => r === 401)).toBe(true);
    expect(winners).toEqual(tickets.map(() => 1));
  }, 60_000);
});

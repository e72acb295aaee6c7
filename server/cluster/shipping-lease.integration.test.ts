// The lease (InfluxDB shipper, alert notifier, state snapshots) against real brokers: many fresh leases, each
// taken by three nodes — one connection per broker — in the same instant, have exactly one holder each. (A KV
// create / compare-and-set let two or three win on nats-server 2.9.10, as it did for the live tickets.) And a
// holder that stalled for a whole lease stops counting itself the holder until a renewal is stored (fencing).
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { waitFor } from '../testing/wait-for';
import { ShippingLease } from './shipping-lease';
import { type NatsCluster, startNatsCluster } from './testing/nats-cluster';

let brokers: NatsCluster;
const connections: NatsConnection[] = [];
const buckets: KV[] = [];

beforeAll(async () => {
  brokers = await startNatsCluster();
  for (const b of brokers.brokers) connections.push(await brokers.connect({ servers: b.url }));
  // The bucket as cluster-node.ts creates it (R3, history 1); each node opens it on its own broker.
  await new Kvm(connections[0]!).create('lease-race-cluster', { replicas: 3, history: 1 });
  for (const nc of connections) buckets.push(await new Kvm(nc).open('lease-race-cluster'));
}, 120_000);

afterAll(async () => {
  for (const nc of connections) await nc.close();
  await brokers?.stop();
});

describe('cluster: a lease taken by three nodes at the same instant', () => {
  it('has exactly one holder, over 30 fresh leases raced at once', async () => {
    const rounds = Array.from({ length: 30 }, (_, r) => {
      const name = { key: `race-${r}`, label: `race lease ${r}` };
      const holders: string[] = [];
      // A lease far longer than the test: no renewal and no takeover, only the first acquisition counts.
      const leases = buckets.map(
        (kv, i) =>
          new ShippingLease(
            kv,
            `node-${i}`,
            600_000,
            { acquired: () => holders.push(`node-${i}`), lost() {}, follow() {} },
            silentLogger,
            name,
          ),
      );
      return { holders, leases };
    });
    for (const { leases } of rounds) for (const lease of leases) lease.start();
    await waitFor('every lease to have a holder', () => rounds.every((r) => r.holders.length > 0), {
      timeoutMs: 30_000,
    });
    // stop() waits for each node's first attempt to be over (and gives a held lease back).
    await Promise.all(rounds.flatMap((r) => r.leases.map((l) => l.stop())));
    const notOne = rounds.flatMap((r, i) =>
      r.holders.length === 1 ? [] : [`race-${i}: ${r.holders.join(', ')}`],
    );
    expect(notOne).toEqual([]);
  }, 90_000);

  it('fencing: a holder stalled for a lease does not act until a renewal is stored again', async () => {
    let held = 0;
    const lease = new ShippingLease(
      buckets[0]!,
      'node-0',
      1_500,
      { acquired: () => held++, lost() {}, follow() {} },
      silentLogger,
      { key: 'fenced', label: 'fenced lease' },
    );
    lease.start();
    await waitFor('the lease', () => lease.holdsNow(), { timeoutMs: 30_000 });
    // A stalled process (a VM pause, a blocked event loop) for a whole lease: another node may hold it now.
    const until = Date.now() + 1_500;
    while (Date.now() < until) {}
    expect(lease.isHolder).toBe(true);
    expect(lease.holdsNow()).toBe(false);
    await waitFor('a stored renewal', () => lease.holdsNow(), { timeoutMs: 30_000 });
    await lease.stop();
    expect(held).toBe(1);
  }, 60_000);
});

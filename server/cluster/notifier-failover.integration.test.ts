// kill -9 of the notifying node between raise and delivery: three portpulse node processes on three real
// brokers, a real webhook receiver that is down (503) when the alert is raised. The notifier queues the
// notification (in the stream: every node's replicated outbox holds it) and fails to deliver; it is killed; the
// receiver comes back; another node takes the notifier lease over and delivers it, exactly once. A later alert
// follows once too, and every node's history says the first was sent once. The killed node, started again,
// catches up from the stream: the acknowledgement made while it was down, the first notification's outcome
// (its outbox copy goes, nothing is sent again). The figure (kill → delivery) goes
// to test-results/cluster-notifier-failover.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../../shared/alerting/history';
import type { Alert } from '../../shared/live/alerts';
import { type HttpReceiver, startHttpReceiver } from '../alerts/testing/http-receiver';
import { overweightTruckLine, TRUCK_SITE, writeLines } from '../alerts/testing/overweight-truck';
import type { ServerProcess } from '../testing/server-process';
import { tempDir } from '../testing/test-config';
import type { ClusterStatus } from './cluster-node';
import { type ProcessCluster, startProcessCluster } from './testing/cluster-nodes';

let cluster: ProcessCluster;
let nodes: ServerProcess[] = [];
let hook: HttpReceiver;
let up = false;
/** Plates of the raised overweight alerts the receiver accepted (answered 200). */
const accepted: string[] = [];
let rulesDir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  hook = await startHttpReceiver((req) => {
    if (!up) return { status: 503, body: 'down' };
    for (const a of (req.json as { alerts: { kind: string; plate?: string; state: string }[] }).alerts)
      if (a.kind === 'overweight' && a.state === 'raised') accepted.push(a.plate ?? '');
    return { status: 200, body: {} };
  });
  rulesDir = tempDir('portpulse-notifier-rules-');
  const rules = join(rulesDir.path, 'alerting.yaml');
  writeFileSync(
    rules,
    `channels: [{ id: ops, type: webhook, url: "${hook.url}" }]\nroutes: [{ channels: [ops] }]\n`,
  );
  cluster = await startProcessCluster({
    nodes: 3,
    name: 'notifier-failover',
    env: () => ({
      PORTPULSE_CLUSTER_LEASE_MS: '1500',
      PORTPULSE_ALERTING_FILE: rules,
      PORTPULSE_ALERT_RETRY_MAX_SECONDS: '1',
    }),
  });
  nodes = cluster.nodes;
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await hook?.close();
  rulesDir?.remove();
});

async function clusterStatus(url: string): Promise<ClusterStatus | undefined> {
  return fetch(`${url}/ready`).then(
    async (r) => ((await r.json()) as { cluster?: ClusterStatus }).cluster,
    () => undefined,
  );
}

async function history(n: ServerProcess): Promise<HistoryEntry[]> {
  return (await (await fetch(`${n.url}/api/alerts/history?site=${TRUCK_SITE}`)).json()).entries;
}

async function writeTruck(n: ServerProcess, plate: string): Promise<void> {
  const { status, text } = await writeLines(n.url, overweightTruckLine(plate));
  expect(status, text).toBe(204);
}

describe('cluster: kill -9 of the notifying node between raise and delivery', () => {
  it('another node takes over and the notification arrives exactly once', async () => {
    const [notifier, notifierId] = await vi.waitFor(
      async () => {
        const s = await Promise.all(nodes.map((n) => clusterStatus(n.url)));
        const holder = s[0]?.notifier;
        expect(holder).toBeDefined();
        expect(s.map((x) => x?.notifier)).toEqual([holder, holder, holder]);
        return [nodes[s.findIndex((x) => x?.nodeId === holder)]!, holder!] as const;
      },
      { timeout: 60_000, interval: 100 },
    );
    const others = nodes.filter((n) => n !== notifier);
    // Written to a node that is not the notifier; the notifier tries the receiver, which is down.
    await writeTruck(others[0]!, '浙D00001');
    await hook.waitFor(1, 60_000);
    // Every other node holds the queued notification in its replicated outbox (it came through the stream).
    const queuedOn = async (n: ServerProcess) =>
      (await (await fetch(`${n.url}/metrics`)).text()).match(
        /portpulse_alert_outbox_queued\{channel="ops"[^}]*\} (\d+)/,
      )?.[1];
    await vi.waitFor(async () => expect(await Promise.all(others.map(queuedOn))).toEqual(['1', '1']), {
      timeout: 30_000,
      interval: 100,
    });

    await notifier.kill('SIGKILL');
    const killedAt = Date.now();
    up = true;
    await vi.waitFor(() => expect(accepted).toEqual(['浙D00001']), { timeout: 60_000, interval: 20 });
    const figures = { leaseMs: 1500, killToDeliveryMs: Date.now() - killedAt, deliveries: accepted.length };
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/cluster-notifier-failover.json', `${JSON.stringify(figures, null, 2)}\n`);
    // A survivor sends now (a node learns the holder at its next look at the lease).
    await vi.waitFor(
      async () => {
        const named = await Promise.all(others.map(async (n) => (await clusterStatus(n.url))?.notifier));
        expect(named[0]).toMatch(/^node-/);
        expect(named[0]).not.toBe(notifierId);
        expect(named[1]).toBe(named[0]);
      },
      { timeout: 30_000, interval: 100 },
    );

    // A later alert goes out once as well, after the first (one notifier, one channel in order).
    await writeTruck(others[1]!, '浙D00002');
    await vi.waitFor(() => expect(accepted).toContain('浙D00002'), { timeout: 60_000, interval: 100 });
    expect(accepted).toEqual(['浙D00001', '浙D00002']);
    // Both survivors' histories: the first truck's notification sent once.
    for (const n of others)
      await vi.waitFor(
        async () => {
          const sent = (await history(n)).filter(
            (e) =>
              e.type === 'notification' &&
              e.outcome === 'sent' &&
              e.alertIds.some((id) => id.includes('浙D00001')),
          );
          expect(sent).toHaveLength(1);
        },
        { timeout: 30_000, interval: 100 },
      );

    // Acknowledged while the old notifier is down; then it starts again on its data dir.
    const { active } = (await (await fetch(`${others[0]!.url}/api/alerts?site=${TRUCK_SITE}`)).json()) as {
      active: Alert[];
    };
    const first = active.find((a) => a.kind === 'overweight' && a.plate === '浙D00001')!;
    const ack = await fetch(`${others[1]!.url}/api/alerts/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: first.id, by: '周敏' }),
    });
    expect(ack.status, await ack.clone().text()).toBe(200);
    const back = await cluster.restart(nodes.indexOf(notifier));
    await vi.waitFor(
      async () => {
        const { active: onBack } = (await (
          await fetch(`${back.url}/api/alerts?site=${TRUCK_SITE}`)
        ).json()) as {
          active: Alert[];
        };
        expect(onBack.find((a) => a.id === first.id)?.ack).toMatchObject({ by: '周敏' });
        expect(await queuedOn(back)).toBe('0');
        const sent = (await history(back)).filter(
          (e) => e.type === 'notification' && e.outcome === 'sent' && e.alertIds.includes(first.id),
        );
        expect(sent).toHaveLength(1);
      },
      { timeout: 60_000, interval: 100 },
    );
    await writeTruck(back, '浙D00003');
    await vi.waitFor(() => expect(accepted).toContain('浙D00003'), { timeout: 60_000, interval: 100 });
    expect(accepted).toEqual(['浙D00001', '浙D00002', '浙D00003']);
  }, 300_000);
});

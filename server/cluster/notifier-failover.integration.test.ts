// kill -9 of the notifying node between raise and delivery: three portpulse node processes on three real
// brokers, a real webhook receiver that is down (503) when the alert is raised. The notifier queues the
// notification (in the stream: every node's replicated outbox holds it) and fails to deliver; it is killed; the
// receiver comes back; another node takes the notifier lease over and delivers it, exactly once. A later alert
// follows once too, and every node's history says the first was sent once. The killed node, started again,
// catches up from the stream: the acknowledgement made while it was down, the first notification's outcome
// (its outbox copy goes, nothing is sent again). The figure (kill → delivery) goes
// to test-results/cluster-notifier-failover.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../shared/alerting/history';
import type { Alert } from '../../shared/live/alerts';
import type { HttpReceiver } from '../alerts/testing/http-receiver';
import { overweightTruckLine, TRUCK_SITE, writeLines } from '../alerts/testing/overweight-truck';
import type { ServerProcess } from '../testing/server-process';
import { waitFor } from '../testing/wait-for';
import type { ClusterStatus } from './cluster-node';
import {
  type AlertingWebhook,
  raisedOverweightPlates,
  startAlertingWebhook,
} from './testing/alerting-webhook';
import { type ProcessCluster, startProcessCluster } from './testing/cluster-nodes';

let cluster: ProcessCluster;
let nodes: ServerProcess[] = [];
let webhook: AlertingWebhook;
let hook: HttpReceiver;
let up = false;
/** Plates of the raised overweight alerts the receiver accepted (answered 200). */
const accepted: string[] = [];

beforeAll(async () => {
  webhook = await startAlertingWebhook((req) => {
    if (!up) return { status: 503, body: 'down' };
    accepted.push(...raisedOverweightPlates(req));
    return { status: 200, body: {} };
  });
  hook = webhook.hook;
  const rules = webhook.rulesFile;
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
  await webhook?.close();
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
    const [notifier, notifierId] = await waitFor(
      'every node to name the same notifier',
      async () => {
        const s = await Promise.all(nodes.map((n) => clusterStatus(n.url)));
        const holder = s[0]?.notifier;
        const node = nodes[s.findIndex((x) => x?.nodeId === holder)];
        if (!holder || !node || s.some((x) => x?.notifier !== holder)) return undefined;
        return [node, holder] as const;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
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
    await waitFor(
      'both other nodes to hold the notification in their outbox',
      async () => (await Promise.all(others.map(queuedOn))).every((q) => q === '1'),
      { timeoutMs: 60_000, intervalMs: 100 },
    );

    await notifier.kill('SIGKILL');
    const killedAt = Date.now();
    up = true;
    await waitFor('the queued notification delivered', () => accepted.length > 0, {
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    expect(accepted).toEqual(['浙D00001']);
    const figures = { leaseMs: 1500, killToDeliveryMs: Date.now() - killedAt, deliveries: accepted.length };
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/cluster-notifier-failover.json', `${JSON.stringify(figures, null, 2)}\n`);
    // A survivor sends now (a node learns the holder at its next look at the lease).
    await waitFor(
      'both survivors to name the same new notifier',
      async () => {
        const named = await Promise.all(others.map(async (n) => (await clusterStatus(n.url))?.notifier));
        return /^node-/.test(named[0] ?? '') && named[0] !== notifierId && named[1] === named[0];
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );

    // A later alert goes out once as well, after the first (one notifier, one channel in order).
    await writeTruck(others[1]!, '浙D00002');
    await waitFor('the second truck notified', () => accepted.includes('浙D00002'), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    expect(accepted).toEqual(['浙D00001', '浙D00002']);
    // Both survivors' histories: the first truck's notification sent once.
    for (const n of others)
      await waitFor(
        `${n.url}'s history to record the first notification sent once`,
        async () =>
          (await history(n)).filter(
            (e) =>
              e.type === 'notification' &&
              e.outcome === 'sent' &&
              e.alertIds.some((id) => id.includes('浙D00001')),
          ).length === 1,
        { timeoutMs: 60_000, intervalMs: 100 },
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
    const caughtUp = await waitFor(
      'the restarted node to have the ack, an empty outbox and the first notification in its history',
      async () => {
        const { active: onBack } = (await (
          await fetch(`${back.url}/api/alerts?site=${TRUCK_SITE}`)
        ).json()) as {
          active: Alert[];
        };
        const ack = onBack.find((a) => a.id === first.id)?.ack;
        const queued = await queuedOn(back);
        const sent = (await history(back)).filter(
          (e) => e.type === 'notification' && e.outcome === 'sent' && e.alertIds.includes(first.id),
        );
        return ack?.by === '周敏' && queued === '0' && sent.length > 0 && { sent };
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    expect(caughtUp.sent).toHaveLength(1);
    await writeTruck(back, '浙D00003');
    await waitFor('the third truck notified', () => accepted.includes('浙D00003'), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    expect(accepted).toEqual(['浙D00001', '浙D00002', '浙D00003']);
  }, 300_000);
});

// Alerting in cluster mode against real brokers: three portpulse nodes in this process on a 3-broker JetStream
// cluster, one rules file with a webhook channel pointing at a real HTTP receiver. An overweight truck written
// to one node is notified once (not once per node), and the notification's outcome is in every node's
// history; an acknowledgement made on node A shows on node B's live alerts channel and on every node's API and
// history; a silence made on node B is listed by every node and keeps the next truck from being sent; the
// time-based checks (a silent collector) give every node the same alerts at the same stream seq.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HistoryEntry } from '../../shared/alerting/history';
import { gateScan } from '../../shared/events/testing/event-builders';
import type { Alert } from '../../shared/live/alerts';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import type { HttpReceiver } from '../alerts/testing/http-receiver';
import { overweightTruckLine, TRUCK_SITE, writeLines } from '../alerts/testing/overweight-truck';
import type { RunningServer } from '../start-server';
import { waitFor } from '../testing/wait-for';
import type { ClusterStatus } from './cluster-node';
import { STREAM_SEQ_HEADER } from './stream-seq-header';
import {
  type AlertingWebhook,
  raisedOverweightPlates,
  startAlertingWebhook,
} from './testing/alerting-webhook';
import { startInProcessCluster, type TestCluster } from './testing/cluster-nodes';

const SITE = TRUCK_SITE;
const QUIET_SITE = 'yiwu-customs';
let cluster: TestCluster<RunningServer>;
let webhook: AlertingWebhook;
let hook: HttpReceiver;
let nodes: RunningServer[] = [];

beforeAll(async () => {
  webhook = await startAlertingWebhook();
  hook = webhook.hook;
  const rules = webhook.rulesFile;
  cluster = await startInProcessCluster({
    nodes: 3,
    name: 'cluster-alerting',
    env: () => ({
      PORTPULSE_BROADCAST_MS: '100',
      PORTPULSE_CLUSTER_LEASE_MS: '1500',
      PORTPULSE_ALERTING_FILE: rules,
      PORTPULSE_ALERT_RETRY_MAX_SECONDS: '1',
      // A collector that stops is flagged after 10 s (the smallest limit).
      PORTPULSE_ALERT_SILENT_SECONDS: '10',
    }),
  });
  nodes = cluster.nodes;
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await webhook?.close();
});

const clusterOf = (n: RunningServer) => n.deps.readiness().cluster as ClusterStatus;

async function history(n: RunningServer): Promise<HistoryEntry[]> {
  return (await (await fetch(`${n.url}/api/alerts/history?site=${SITE}`)).json()).entries;
}

/** Waits until every node applied the stream up to `seq`. */
async function allApplied(seq: number): Promise<void> {
  await waitFor(
    `every node to apply the stream up to ${seq}`,
    () => nodes.every((n) => clusterOf(n).appliedSeq >= seq),
    {
      timeoutMs: 60_000,
      detail: () => nodes.map((n) => clusterOf(n).appliedSeq),
    },
  );
}

/** Waits until every node applied what the stream holds now. */
async function settle(): Promise<void> {
  const res = await fetch(`${nodes[0]!.url}/api/sites`);
  await allApplied(Math.max(Number(res.headers.get(STREAM_SEQ_HEADER)), clusterOf(nodes[0]!).streamSeq));
}

/** The plates of the overweight alerts the webhook received raised, in order of arrival. */
const notifiedPlates = () => hook.requests.flatMap(raisedOverweightPlates);

async function writeTruck(n: RunningServer, plate: string): Promise<void> {
  const { status, text } = await writeLines(n.url, overweightTruckLine(plate));
  expect(status, text).toBe(204);
}

async function activeAlert(n: RunningServer, plate: string): Promise<Alert> {
  return waitFor(
    `the overweight alert for ${plate} on ${n.url}`,
    async () => {
      const { active } = (await (await fetch(`${n.url}/api/alerts?site=${SITE}`)).json()) as {
        active: Alert[];
      };
      return active.find((x) => x.kind === 'overweight' && x.plate === plate);
    },
    { timeoutMs: 60_000 },
  );
}

describe('alerting in cluster mode', () => {
  it('has exactly one notifier, and every node agrees which', async () => {
    const holder = await waitFor(
      'every node to name the same notifier',
      () => {
        const named = nodes.map((n) => clusterOf(n).notifier);
        return new Set(named).size === 1 && named[0];
      },
      { timeoutMs: 60_000, intervalMs: 100, detail: () => nodes.map((n) => clusterOf(n).notifier) },
    );
    expect(nodes.filter((n) => n.deps.alerting.isNotifier).map((n) => n.deps.readiness().cluster)).toEqual([
      expect.objectContaining({ nodeId: holder }),
    ]);
  });

  it('notifies an overweight truck once, whichever node took the write, with the outcome in every history', async () => {
    await writeTruck(nodes[1]!, '浙C10001');
    await waitFor('the first truck notified', () => notifiedPlates().includes('浙C10001'), {
      timeoutMs: 60_000,
      detail: notifiedPlates,
    });
    // A later truck through another node: by the time it is notified, any double of the first would be too
    // (one notifier sends one channel's notifications in order).
    await writeTruck(nodes[2]!, '浙C10002');
    await waitFor('the second truck notified', () => notifiedPlates().includes('浙C10002'), {
      timeoutMs: 60_000,
      detail: notifiedPlates,
    });
    expect(notifiedPlates()).toEqual(['浙C10001', '浙C10002']);
    // The notifier publishes each outcome after the receiver took it: wait for the second outcome everywhere.
    const sent = (h: HistoryEntry[]) => h.filter((e) => e.type === 'notification' && e.outcome === 'sent');
    const [ha, hb, hc] = await waitFor(
      "both notifications sent in every node's history",
      async () => {
        const hs = await Promise.all(nodes.map(history));
        return hs.every((h) => sent(h).length >= 2) && hs;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    await settle();
    expect(sent(ha!)).toHaveLength(2);
    expect(sent(hb!)).toEqual(sent(ha!));
    expect(sent(hc!)).toEqual(sent(ha!));
    // The alerts' own records (raise times are stream times) are the same on every node too.
    const raised = (h: HistoryEntry[]) => h.filter((e) => e.type === 'alert');
    expect(raised(hb!)).toEqual(raised(ha!));
    expect(raised(hc!)).toEqual(raised(ha!));
  });

  it('shows an acknowledgement made on node A live on a screen connected to node B, and on every node', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    await writeTruck(a, '浙C20001');
    const alert = await activeAlert(b, '浙C20001');
    const ws = new WebSocket(`${b.url.replace('http', 'ws')}/api/live`);
    const messages: ServerMessage[] = [];
    ws.on('message', (d) => messages.push(serverMessageSchema.parse(JSON.parse(String(d)))));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', channels: [`alerts/${SITE}`] }));
    await waitFor('the alerts snapshot on node B', () => messages.some((m) => m.type === 'snapshot'), {
      timeoutMs: 30_000,
    });

    const res = await fetch(`${a.url}/api/alerts/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: alert.id, by: '李娜', note: '已通知司机' }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const ack = ((await res.json()) as { alert: Alert }).alert.ack;
    expect(ack).toMatchObject({ by: '李娜', note: '已通知司机' });
    // Node B's screen gets it on the live channel.
    const ackOnB = await waitFor(
      "the acknowledgement on node B's live channel",
      () =>
        messages
          .flatMap((m) => (m.type === 'append' && m.kind === 'alerts' ? m.alerts : []))
          .find((x) => x.id === alert.id && x.ack)?.ack,
      { timeoutMs: 30_000, intervalMs: 20 },
    );
    expect(ackOnB).toEqual(ack);
    ws.close();
    await settle();
    for (const n of nodes) expect((await activeAlert(n, '浙C20001')).ack).toEqual(ack);
    const acks = (h: HistoryEntry[]) => h.filter((e) => e.type === 'ack');
    const [ha, hb, hc] = await Promise.all(nodes.map(history));
    expect(acks(ha!)).toEqual([expect.objectContaining({ alertId: alert.id, ack })]);
    expect(acks(hb!)).toEqual(acks(ha!));
    expect(acks(hc!)).toEqual(acks(ha!));
  });

  it('keeps a silence made on node B on every node, and the notifier honours it', async () => {
    const res = await fetch(`${nodes[1]!.url}/api/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: { site: SITE, kind: 'overweight' },
        durationMinutes: 60,
        reason: '地磅校准',
        createdBy: '张伟',
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { silence } = await res.json();
    await settle();
    for (const n of nodes)
      expect((await (await fetch(`${n.url}/api/silences`)).json()).silences).toEqual([silence]);

    await writeTruck(nodes[2]!, '浙C30001');
    // The notifier records it as silenced; every node's history says so.
    const silencedIn = (h: HistoryEntry[]) =>
      h.some(
        (e) =>
          e.type === 'notification' &&
          e.outcome === 'silenced' &&
          e.alertIds.length === 1 &&
          e.alertIds[0]!.includes('浙C30001'),
      );
    await waitFor(
      "every node's history to record the truck's notification as silenced",
      async () => (await Promise.all(nodes.map(history))).every(silencedIn),
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(notifiedPlates()).not.toContain('浙C30001');

    const ended = await fetch(`${nodes[0]!.url}/api/silences/end`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: silence.id }),
    });
    expect(ended.status).toBe(200);
    await settle();
    for (const n of nodes) expect((await (await fetch(`${n.url}/api/silences`)).json()).silences).toEqual([]);
  });

  it('judges a silent collector by the stream clock: every node has the same alerts at the same seq', async () => {
    // The quiet site hears one gate scan, then nothing: its gate collector goes silent on the stream's clock.
    const post = await fetch(`${nodes[0]!.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([gateScan({ site: QUIET_SITE, time: Date.now() - 500 })]),
    });
    expect(post.status).toBe(204);
    const silentOn = (n: RunningServer) =>
      n.deps.alerts.snapshot(QUIET_SITE).active.filter((a) => a.kind === 'silent');
    await waitFor('a silent collector alert on node A', () => silentOn(nodes[0]!).length > 0, {
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    // In one turn of the event loop (nodes in this process cannot move meanwhile), once all are at one seq.
    const snapshots = () => nodes.map((n) => n.deps.alerts.snapshot(QUIET_SITE));
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    await waitFor(
      'every node at one seq with the same alerts',
      () => {
        const seqs = nodes.map((n) => clusterOf(n).appliedSeq);
        const [x, y, z] = snapshots();
        return new Set(seqs).size === 1 && same(y, x) && same(z, x);
      },
      { timeoutMs: 60_000, intervalMs: 10, detail: snapshots },
    );
    const alerts = silentOn(nodes[1]!);
    expect(alerts.length).toBeGreaterThan(0);
    // Raised at a stream time: the start is the last event's arrival plus the limit, identical everywhere.
    expect(new Set(nodes.map((n) => JSON.stringify(silentOn(n).map((a) => a.id)))).size).toBe(1);
  }, 180_000);
});

// Alerting in cluster mode against real brokers: three portpulse nodes in this process on a 3-broker JetStream
// cluster, one rules file with a webhook channel pointing at a real HTTP receiver. An overweight truck written
// to one node is notified once (not once per node), and the notification's outcome is in every node's
// history; an acknowledgement made on node A shows on node B's live alerts channel and on every node's API and
// history; a silence made on node B is listed by every node and keeps the next truck from being sent; the
// time-based checks (a silent collector) give every node the same alerts at the same stream seq.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { HistoryEntry } from '../../shared/alerting/history';
import { gateScan } from '../../shared/events/testing/event-builders';
import type { Alert } from '../../shared/live/alerts';
import { type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
import { type HttpReceiver, startHttpReceiver } from '../alerts/testing/http-receiver';
import { overweightTruckLine, TRUCK_SITE, writeLines } from '../alerts/testing/overweight-truck';
import type { RunningServer } from '../start-server';
import { tempDir } from '../testing/test-config';
import type { ClusterStatus } from './cluster-node';
import { STREAM_SEQ_HEADER } from './stream-seq-header';
import { startInProcessCluster, type TestCluster } from './testing/cluster-nodes';

const SITE = TRUCK_SITE;
const QUIET_SITE = 'yiwu-customs';
let cluster: TestCluster<RunningServer>;
let hook: HttpReceiver;
let nodes: RunningServer[] = [];
let rulesDir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  hook = await startHttpReceiver();
  rulesDir = tempDir('portpulse-cluster-alerting-rules-');
  const rules = join(rulesDir.path, 'alerting.yaml');
  writeFileSync(
    rules,
    `channels: [{ id: ops, type: webhook, url: "${hook.url}" }]\nroutes: [{ channels: [ops] }]\n`,
  );
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
  await hook?.close();
  rulesDir?.remove();
});

const clusterOf = (n: RunningServer) => n.deps.readiness().cluster as ClusterStatus;

async function history(n: RunningServer): Promise<HistoryEntry[]> {
  return (await (await fetch(`${n.url}/api/alerts/history?site=${SITE}`)).json()).entries;
}

/** Waits until every node applied the stream up to `seq`. */
async function allApplied(seq: number): Promise<void> {
  await vi.waitFor(
    () => {
      for (const n of nodes) expect(clusterOf(n).appliedSeq).toBeGreaterThanOrEqual(seq);
    },
    { timeout: 30_000, interval: 50 },
  );
}

/** Waits until every node applied what the stream holds now. */
async function settle(): Promise<void> {
  const res = await fetch(`${nodes[0]!.url}/api/sites`);
  await allApplied(Math.max(Number(res.headers.get(STREAM_SEQ_HEADER)), clusterOf(nodes[0]!).streamSeq));
}

/** The plates of the overweight alerts the webhook received raised, in order of arrival. */
const notifiedPlates = () =>
  hook.requests.flatMap((r) =>
    (r.json as { alerts: { kind: string; plate?: string; state?: string }[] }).alerts
      .filter((a) => a.kind === 'overweight' && a.state === 'raised')
      .map((a) => a.plate ?? ''),
  );

async function writeTruck(n: RunningServer, plate: string): Promise<void> {
  const { status, text } = await writeLines(n.url, overweightTruckLine(plate));
  expect(status, text).toBe(204);
}

async function activeAlert(n: RunningServer, plate: string): Promise<Alert> {
  return vi.waitFor(
    async () => {
      const { active } = (await (await fetch(`${n.url}/api/alerts?site=${SITE}`)).json()) as {
        active: Alert[];
      };
      const a = active.find((x) => x.kind === 'overweight' && x.plate === plate);
      expect(a).toBeDefined();
      return a!;
    },
    { timeout: 30_000, interval: 50 },
  );
}

describe('alerting in cluster mode', () => {
  it('has exactly one notifier, and every node agrees which', async () => {
    const holder = await vi.waitFor(
      () => {
        const named = nodes.map((n) => clusterOf(n).notifier);
        expect(named[0]).toBeDefined();
        expect(new Set(named).size).toBe(1);
        return named[0]!;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(nodes.filter((n) => n.deps.alerting.isNotifier).map((n) => n.deps.readiness().cluster)).toEqual([
      expect.objectContaining({ nodeId: holder }),
    ]);
  });

  it('notifies an overweight truck once, whichever node took the write, with the outcome in every history', async () => {
    await writeTruck(nodes[1]!, '浙C10001');
    await vi.waitFor(() => expect(notifiedPlates()).toContain('浙C10001'), { timeout: 30_000 });
    // A later truck through another node: by the time it is notified, any double of the first would be too
    // (one notifier sends one channel's notifications in order).
    await writeTruck(nodes[2]!, '浙C10002');
    await vi.waitFor(() => expect(notifiedPlates()).toContain('浙C10002'), { timeout: 30_000 });
    expect(notifiedPlates()).toEqual(['浙C10001', '浙C10002']);
    await settle();
    const sent = (h: HistoryEntry[]) => h.filter((e) => e.type === 'notification' && e.outcome === 'sent');
    const [ha, hb, hc] = await Promise.all(nodes.map(history));
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
    await vi.waitFor(() => expect(messages.some((m) => m.type === 'snapshot')).toBe(true), {
      timeout: 10_000,
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
    await vi.waitFor(
      () => {
        const onB = messages.flatMap((m) => (m.type === 'append' && m.kind === 'alerts' ? m.alerts : []));
        expect(onB.find((x) => x.id === alert.id && x.ack)?.ack).toEqual(ack);
      },
      { timeout: 10_000, interval: 20 },
    );
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
    await vi.waitFor(
      async () => {
        for (const n of nodes)
          expect(await history(n)).toContainEqual(
            expect.objectContaining({
              type: 'notification',
              outcome: 'silenced',
              alertIds: [expect.stringContaining('浙C30001')],
            }),
          );
      },
      { timeout: 30_000, interval: 100 },
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
    await vi.waitFor(() => expect(silentOn(nodes[0]!).length).toBeGreaterThan(0), {
      timeout: 120_000,
      interval: 200,
    });
    // In one turn of the event loop (nodes in this process cannot move meanwhile), once all are at one seq.
    await vi.waitFor(
      () => {
        const seqs = nodes.map((n) => clusterOf(n).appliedSeq);
        expect(new Set(seqs).size).toBe(1);
        const [x, y, z] = nodes.map((n) => n.deps.alerts.snapshot(QUIET_SITE));
        expect(y).toEqual(x);
        expect(z).toEqual(x);
      },
      { timeout: 30_000, interval: 10 },
    );
    const alerts = silentOn(nodes[1]!);
    expect(alerts.length).toBeGreaterThan(0);
    // Raised at a stream time: the start is the last event's arrival plus the limit, identical everywhere.
    expect(new Set(nodes.map((n) => JSON.stringify(silentOn(n).map((a) => a.id)))).size).toBe(1);
  }, 180_000);
});

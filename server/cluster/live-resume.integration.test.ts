// Live resume by stream seq across a node kill, against real brokers: the dashboard's own LiveConnection (in
// Node, over `ws`) follows a site's events on node 0 while trucks are written to node 1, one write a message.
// Node 0 is killed with SIGKILL; the connection reconnects to node 1, which hello listed as a peer, and sends
// its last seq: node 1 answers with the events after it, no snapshot. Every acknowledged truck arrives exactly
// once, and the frames' seqs only go up. A connection away for longer than node 1 keeps events for gets the
// snapshot instead. The figures go to test-results/cluster-live-resume.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveConnection } from '../../client/live/connection';
import type { SocketFactory } from '../../client/live/socket';
import { gateScan } from '../../shared/events/testing/event-builders';
import { eventsChannel } from '../../shared/live/channels';
import type { ServerMessage } from '../../shared/live/messages';
import { waitFor } from '../testing/wait-for';
import { type ProcessCluster, startProcessCluster } from './testing/cluster-nodes';

const SITE = 'xmn-gaoqi';
const CHANNEL = eventsChannel(SITE);
let cluster: ProcessCluster;

beforeAll(async () => {
  cluster = await startProcessCluster({
    nodes: 2,
    name: 'live-resume',
    env: () => ({ PORTPULSE_BROADCAST_MS: '250' }),
  });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
});

const wsOf = (httpUrl: string) => `${httpUrl.replace(/^http/, 'ws')}/api/live`;

const nodeSocket: SocketFactory = (url, h) => {
  const ws = new WebSocket(url);
  ws.on('open', () => h.open());
  ws.on('message', (d) => h.message(String(d)));
  ws.on('close', (code, reason) => h.close(code, String(reason)));
  ws.on('error', () => {}); // a refused connection closes too
  return { send: (d) => ws.send(d), close: (code, reason) => ws.close(code, reason) };
};

type EventsFrame = Extract<ServerMessage, { kind: 'events' }> & { at: number; node: string | undefined };

describe('cluster: a live client resumes by stream seq when its node dies', () => {
  it('gets every event after its last seq from another node, none twice, and a snapshot after a long gap', async () => {
    const [victim, survivor] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const frames: EventsFrame[] = [];
    const conn = new LiveConnection({
      url: wsOf(victim.url),
      peerUrl: (p) => wsOf(p.url),
      createSocket: nodeSocket,
      backoff: { minMs: 100, maxMs: 1000, factor: [1, 1] },
      log: () => {},
    });
    let peersSeen = false;
    conn.onMessage((m) => {
      if (m.type === 'hello' || m.type === 'status') {
        const peers = m.type === 'hello' ? m.peers : m.cluster?.peers;
        if (peers?.some((p) => p.node === 'node-1' && p.url === survivor.url)) peersSeen = true;
      }
      if ((m.type === 'append' || m.type === 'snapshot') && m.kind === 'events')
        frames.push({ ...m, at: Date.now(), node: conn.node });
    });
    conn.setSubscriptions([CHANNEL]);
    conn.start();
    await waitFor('node 0 to list node 1 as a peer', () => peersSeen && conn.node === 'node-0', {
      timeoutMs: 30_000,
    });

    // A page served by node 0 may open its live view straight on node 1 (its CSP lists the nodes up).
    const csp = (await fetch(`${victim.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`connect-src 'self'[^;]* ${survivor.url.replace('http', 'ws')}`));

    // One truck a write, to the node that stays up, as fast as it answers.
    const acked: string[] = [];
    let writing = true;
    const writeFailures: number[] = [];
    let n = 0;
    const writer = (async () => {
      while (writing) {
        const plate = `闽D${String(n++).padStart(5, '0')}`;
        const status = await fetch(`${survivor.url}/api/events`, {
          method: 'POST',
          body: JSON.stringify([gateScan({ site: SITE, time: Date.now(), plate })]),
        }).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 204) acked.push(plate);
        else if (writing) writeFailures.push(status);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const received = () =>
      frames.flatMap((f) => f.events.map((e) => String((e as { plate?: string }).plate)));
    try {
      await waitFor('40 trucks on node 0', () => received().length >= 40, { timeoutMs: 60_000 });
    } finally {
      if (received().length < 40) writing = false;
    }

    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    const resumed = await waitFor(
      'the resume on node 1',
      () => frames.find((f) => f.at >= killedAt && f.node === 'node-1'),
      { timeoutMs: 60_000 },
    );
    const resumeMs = resumed.at - killedAt;
    const afterResume = received().length;
    await waitFor('40 more trucks on node 1', () => received().length >= afterResume + 40, {
      timeoutMs: 60_000,
    });
    writing = false;
    await writer;
    expect(writeFailures).toEqual([]);
    await waitFor(
      `all ${acked.length} acknowledged trucks`,
      () => acked.every((p) => received().includes(p)),
      {
        timeoutMs: 60_000,
        detail: () => ({ missing: acked.filter((p) => !received().includes(p)).slice(0, 10) }),
      },
    );

    const plates = received();
    const duplicates = plates.length - new Set(plates).size;
    const lost = acked.filter((p) => !plates.includes(p)).length;
    const seqs = frames.filter((f) => f.type === 'append' && f.events.length > 0).map((f) => f.seq!);
    const figures = {
      acknowledged: acked.length,
      received: plates.length,
      lost,
      duplicates,
      resumeMs,
      resumedFromSeq: frames[frames.indexOf(resumed) - 1]?.seq,
      resumeFrameEvents: resumed.events.length,
      snapshots: frames.filter((f) => f.type === 'snapshot').length,
      duplicateFramesDropped: conn.stats.duplicateFrames,
    };
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/cluster-live-resume.json', `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`live resume: ${JSON.stringify(figures)}`);

    expect(conn.node).toBe('node-1');
    expect(conn.stats.resumed).toBe(1); // an append of what was missed…
    expect(conn.stats.resumeSnapshots).toBe(0); // …not a snapshot
    expect(resumed.type).toBe('append');
    expect(figures.snapshots).toBe(1); // the first subscribe's only
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    expect(conn.stats.duplicateFrames).toBe(0); // the server sent none twice (the client would drop them)
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]!, `frame ${i}`).toBeGreaterThan(seqs[i - 1]!);

    // Away for longer than the node keeps events (it holds up to 200 per kind): the snapshot, not a resume.
    conn.stop();
    const lastSeq = seqs.at(-1)!;
    const burst = Array.from({ length: 250 }, (_, i) =>
      gateScan({ site: SITE, time: Date.now() - 250 + i, plate: `闽E${String(i).padStart(5, '0')}` }),
    );
    expect(
      (await fetch(`${survivor.url}/api/events`, { method: 'POST', body: JSON.stringify(burst) })).status,
    ).toBe(204);
    const before = frames.length;
    conn.start();
    const next = await waitFor('the answer to the resume', () => frames[before], { timeoutMs: 30_000 });
    expect(next.type).toBe('snapshot');
    expect(next.seq!).toBeGreaterThan(lastSeq);
    expect(conn.stats.resumeSnapshots).toBe(1);
    conn.stop();
  }, 300_000);
});

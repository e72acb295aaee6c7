// A process full of live WebSocket clients (run by load/ws-fleet.ts): each subscribes to its channels; probe
// clients record event-time → receive latency; every client notes when KPI frames arrive (fan-out spread);
// slow clients stop reading on request. Frames are classified by their first bytes so that non-probe
// clients cost little CPU and the load generator does not become the bottleneck.
import WebSocket from 'ws';
import { LatencyHistogram } from './latency-histogram';
import type { ClientPlan, FromWorker, ToWorker, WorkerReport } from './ws-fleet-protocol';

const send = (m: FromWorker) => process.send!(m);

/** Epoch ms with sub-ms resolution: Date.now() aligned to performance.now() at a millisecond edge. */
const offset = (() => {
  const start = Date.now();
  while (Date.now() === start);
  return Date.now() - performance.now();
})();
const now = () => offset + performance.now();

const histogram = new LatencyHistogram();
const kpiFrames = new Map<string, [number, number, number]>();
const closes: Record<string, number> = {};
const sockets: { ws: WebSocket; plan: ClientPlan }[] = [];
let recording = false;
let cpuAtRecord = process.cpuUsage();
let cpuRecorded = 0;
let frames = 0;
let bytes = 0;

function onFrame(plan: ClientPlan, data: Buffer): void {
  const at = now();
  frames++;
  bytes += data.length;
  if (!recording) return;
  const head = data.toString('latin1', 0, 40);
  if (head.startsWith('{"type":"append","channel":"kpi/')) {
    const text = data.toString('latin1', 0, 200);
    const channel = /"channel":"([^"]+)"/.exec(text)?.[1];
    const t = /"t":\[(\d+)/.exec(text)?.[1];
    const key = `${channel}@${t}`;
    const seen = kpiFrames.get(key);
    if (seen) {
      seen[0] = Math.min(seen[0], at);
      seen[1] = Math.max(seen[1], at);
      seen[2]++;
    } else kpiFrames.set(key, [at, at, 1]);
  } else if (plan.probe && head.startsWith('{"type":"append","channel":"events/')) {
    const msg = JSON.parse(data.toString('utf8')) as { events: { time: number }[] };
    for (const e of msg.events) histogram.record(at - e.time);
  }
}

function open(url: string, plan: ClientPlan): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/live`, { perMessageDeflate: false });
    let snapshots = 0;
    const timer = setTimeout(() => reject(new Error('no snapshots within 60 s')), 60_000);
    ws.on('message', (data: Buffer) => {
      if (snapshots < plan.channels.length) {
        const head = data.toString('latin1', 0, 20);
        if (head.startsWith('{"type":"hello"'))
          ws.send(JSON.stringify({ type: 'subscribe', channels: plan.channels }));
        else if (head.startsWith('{"type":"snapshot"') && ++snapshots === plan.channels.length) {
          clearTimeout(timer);
          sockets.push({ ws, plan });
          resolve();
        }
        return;
      }
      onFrame(plan, data);
    });
    ws.on('error', (e) => reject(e));
    ws.on('close', (code) => {
      closes[code] = (closes[code] ?? 0) + 1;
      reject(new Error(`closed with ${code} before its snapshots`));
    });
  });
}

async function connectAll(url: string, plans: ClientPlan[]): Promise<void> {
  let failed = 0;
  let firstError: string | undefined;
  for (let i = 0; i < plans.length; i += 50) {
    const batch = plans.slice(i, i + 50).map((p) => open(url, p));
    for (const r of await Promise.allSettled(batch)) {
      if (r.status === 'fulfilled') continue;
      failed++;
      firstError ??= String(r.reason?.message ?? r.reason);
    }
  }
  send({ type: 'connected', open: sockets.length, failed, ...(firstError ? { firstError } : {}) });
}

function report(): WorkerReport {
  return {
    open: sockets.filter((s) => s.ws.readyState === WebSocket.OPEN).length,
    closes,
    frames,
    bytes,
    cpuSeconds: cpuRecorded,
    latency: histogram.toSparse(),
    negativeLatencies: histogram.negative,
    kpiFrames: Object.fromEntries(kpiFrames),
  };
}

// The bench went away (crash, Ctrl-C): do not linger as an orphan holding sockets open.
process.on('disconnect', () => process.exit(0));

process.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'connect':
      void connectAll(m.url, m.plans);
      return;
    case 'record':
      recording = m.on;
      if (m.on) {
        histogram.reset();
        kpiFrames.clear();
        cpuAtRecord = process.cpuUsage();
      } else {
        const used = process.cpuUsage(cpuAtRecord);
        cpuRecorded = (used.user + used.system) / 1e6;
      }
      return;
    case 'stall':
      for (const s of sockets) if (s.plan.slow) s.ws.pause();
      return;
    case 'report':
      send({ type: 'report', report: report() });
      return;
    case 'close':
      for (const s of sockets) s.ws.terminate();
      process.exit(0);
  }
});

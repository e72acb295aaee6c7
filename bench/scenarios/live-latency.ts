// Scenario 2, live latency: a steady stream of events while live clients (spread over child processes) are
// subscribed to events channels; latency = receive time − event time, on the same clock. A curve of loads
// (clients × events/s), each with the default settings (the frame gap adapts to the send load), and at the
// points marked `fixedGap` also with the fixed 100 ms gap per channel that was the default before
// (PORTPULSE_LIVE_SEND_PERCENT=0), side by side. Server CPU is read from /proc over the recording window.
import { eventsChannel } from '../../shared/live/channels';
import { benchSites } from '../data/bench-sites';
import { simulateCount } from '../data/event-mix';
import { startBenchServer } from '../load/bench-server';
import { cpuSeconds, runQueueSeconds } from '../load/proc-status';
import { startSteadyWriter } from '../load/steady-writer';
import { sleep } from '../load/wait';
import { startFleet } from '../load/ws-fleet';
import type { ClientPlan } from '../load/ws-fleet-protocol';
import { below, makeRow, type Row } from '../report/rows';
import type { BenchSizes } from '../sizes';
import type { Scenario, ScenarioContext } from './scenario';

type Point = BenchSizes['live']['curve'][number];
type Mode = 'adaptive' | 'fixed';
/**
 * At the stress load the sends may not fit the box: then CPU must stay bounded (sends ≤ 50 %, plus ingest)
 * while events still arrive within the longest hold (100 ms) and a send round, not seconds late because the
 * server is starved of CPU (a starved server uses little CPU too).
 */
const STRESS_CPU_CORES = 0.75;
const STRESS_BOUNDED_P99_MS = 200;

async function measure(ctx: ScenarioContext, p: Point, mode: Mode, pool: ReturnType<typeof simulateCount>) {
  const s = ctx.sizes.live;
  const label = `${p.clients}x${p.eventsPerSecond}-${mode}`;
  const server = await startBenchServer({
    dataDir: `${ctx.workDir}/${label}`,
    sitesFile: ctx.sitesFile,
    env: { PORTPULSE_FSYNC: 'true', ...(mode === 'fixed' ? { PORTPULSE_LIVE_SEND_PERCENT: '0' } : {}) },
    ...(ctx.profileDir ? { profileDir: `${ctx.profileDir}/live-${label}` } : {}),
  });
  try {
    const plans: ClientPlan[] = Array.from({ length: p.clients }, (_, i) => ({
      channels: [eventsChannel(benchSites[i % benchSites.length]!.id)],
      probe: i % s.probeEvery === 0,
      slow: false,
    }));
    ctx.log(`${label}: connecting ${p.clients} clients over ${s.processes} processes`);
    const fleet = await startFleet(server.url, plans, s.processes);
    try {
      const writer = startSteadyWriter(server.url, pool, p.eventsPerSecond);
      await sleep(s.warmupSeconds * 1000);
      fleet.record(true);
      const cpu0 = cpuSeconds(server.pid);
      const wait0 = runQueueSeconds(server.pid);
      await sleep(s.recordSeconds * 1000);
      fleet.record(false);
      const cpu1 = cpuSeconds(server.pid);
      const wait1 = runQueueSeconds(server.pid);
      const writerStats = await writer.stop();
      const report = await fleet.report();
      return {
        point: p,
        mode,
        clients: fleet.open,
        failedClients: fleet.failed,
        writer: writerStats,
        latency: report.latency,
        negativeLatencies: report.negativeLatencies,
        framesReceived: report.frames,
        megabytesReceived: Math.round(report.bytes / 1e6),
        closes: report.closes,
        serverCpuShare: cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / s.recordSeconds : null,
        /** Share of the window the server's main thread was runnable but had no CPU (other processes). */
        serverWaitingForCpuShare: wait0 !== null && wait1 !== null ? (wait1 - wait0) / s.recordSeconds : null,
        busiestClientProcessCpuShare: report.maxWorkerCpuSeconds / s.recordSeconds,
      };
    } finally {
      await fleet.close();
    }
  } finally {
    await server.stop();
  }
}

type Measured = Awaited<ReturnType<typeof measure>>;

const loadName = (p: Point) =>
  `${p.clients.toLocaleString('en-US')} clients × ${p.eventsPerSecond.toLocaleString('en-US')} ev/s`;

const setupNote = (m: Measured) =>
  `${m.writer.achievedPerSecond}/s written, ${m.framesReceived} frames received; server waited for a CPU ${m.serverWaitingForCpuShare?.toFixed(2)} of the time; busiest client process ${m.busiestClientProcessCpuShare.toFixed(2)} cores`;

function rowsOf(m: Measured, fixed: Measured | undefined, stress: boolean): Row[] {
  const scenario = '2 live latency';
  const name = loadName(m.point);
  const ref = (v: number | null | undefined) =>
    fixed ? { reference: { label: 'fixed 100 ms gap', value: v ?? null } } : {};
  const rows = [
    makeRow(scenario, {
      metric: `${name}: p50`,
      unit: 'ms',
      value: m.latency.p50,
      ...ref(fixed?.latency.p50),
      note: setupNote(m),
    }),
    makeRow(scenario, {
      metric: `${name}: p99`,
      unit: 'ms',
      value: m.latency.p99,
      ...ref(fixed?.latency.p99),
      goal: below(m.point.goalP99Ms, 'ms'),
    }),
    makeRow(scenario, {
      metric: `${name}: server CPU`,
      unit: 'cores',
      value: m.serverCpuShare,
      ...ref(fixed?.serverCpuShare),
      ...(stress ? { goal: below(STRESS_CPU_CORES, 'cores') } : {}),
      ...(fixed ? { note: `fixed gap: ${setupNote(fixed)}` } : {}),
    }),
  ];
  // The stress point's goal: p99 within its goal, or CPU bounded with p99 still bounded by the hold.
  if (stress) {
    const [, p99, cpu] = rows;
    const bounded = cpu!.met === true && p99!.value !== null && p99!.value < STRESS_BOUNDED_P99_MS;
    const met = p99!.met === true || bounded;
    p99!.goal = `${p99!.goal}, or < ${STRESS_BOUNDED_P99_MS} ms with CPU bounded`;
    cpu!.goal = `${cpu!.goal} (if p99 ≥ ${m.point.goalP99Ms} ms)`;
    p99!.met = met;
    cpu!.met = met;
  }
  return rows;
}

export const liveLatencyScenario: Scenario = {
  name: 'live-latency',
  async run(ctx) {
    const curve = ctx.sizes.live.curve;
    const top = Math.max(...curve.map((p) => p.eventsPerSecond));
    const pool = simulateCount(Math.min(100_000, top * 20), Date.now());
    const rows: Row[] = [];
    const measured: { adaptive: Measured; fixed?: Measured }[] = [];
    for (const [i, p] of curve.entries()) {
      const adaptive = await measure(ctx, p, 'adaptive', pool);
      const fixed = p.fixedGap ? await measure(ctx, p, 'fixed', pool) : undefined;
      measured.push({ adaptive, ...(fixed ? { fixed } : {}) });
      rows.push(...rowsOf(adaptive, fixed, i === curve.length - 1 && curve.length > 1));
    }
    return { rows, details: { sizes: ctx.sizes.live, curve: measured } };
  },
};

// Scenario 2, live latency: a steady stream of events while live clients (spread over child processes) are
// subscribed to events channels; latency = receive time − event time, on the same clock. Run at the default
// PORTPULSE_EVENT_FRAME_MS (events of a busy channel batched to one frame per 100 ms) and with no gap (one frame
// per channel per event-loop turn), side by side.
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
import type { Scenario, ScenarioContext } from './scenario';

const DEFAULT_FRAME_MS = 100;

async function measureAtGap(ctx: ScenarioContext, frameMs: number, pool: ReturnType<typeof simulateCount>) {
  const s = ctx.sizes.live;
  const server = await startBenchServer({
    dataDir: `${ctx.workDir}/frame-${frameMs}`,
    sitesFile: ctx.sitesFile,
    env: { PORTPULSE_FSYNC: 'true', PORTPULSE_EVENT_FRAME_MS: String(frameMs) },
    ...(ctx.profileDir ? { profileDir: `${ctx.profileDir}/live-frame-${frameMs}ms` } : {}),
  });
  try {
    const plans: ClientPlan[] = Array.from({ length: s.clients }, (_, i) => ({
      channels: [eventsChannel(benchSites[i % benchSites.length]!.id)],
      probe: i % s.probeEvery === 0,
      slow: false,
    }));
    ctx.log(
      `event frames every ${frameMs} ms: connecting ${s.clients} clients over ${s.processes} processes`,
    );
    const fleet = await startFleet(server.url, plans, s.processes);
    try {
      const writer = startSteadyWriter(server.url, pool, s.eventsPerSecond);
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
        frameMs,
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

export const liveLatencyScenario: Scenario = {
  name: 'live-latency',
  async run(ctx) {
    const s = ctx.sizes.live;
    const pool = simulateCount(Math.min(100_000, s.eventsPerSecond * 20), Date.now());
    const byDefault = await measureAtGap(ctx, DEFAULT_FRAME_MS, pool);
    const small = await measureAtGap(ctx, s.compareFrameMs, pool);
    const rows: Row[] = [];
    const scenario = '2 live latency';
    const cpu = (m: typeof byDefault) =>
      `server ran ${m.serverCpuShare?.toFixed(2)} and waited for a CPU ${m.serverWaitingForCpuShare?.toFixed(2)} of the time; busiest client process ${m.busiestClientProcessCpuShare.toFixed(2)} cores`;
    const setup = `${s.clients} clients, ${byDefault.writer.achievedPerSecond}/s written; ${cpu(byDefault)}`;
    for (const q of ['p50', 'p95', 'p99'] as const) {
      const goal = q === 'p50' ? below(5, 'ms') : q === 'p99' ? below(25, 'ms') : undefined;
      rows.push(
        makeRow(scenario, {
          metric: `${q}, event frames ≥ ${DEFAULT_FRAME_MS} ms apart (default)`,
          unit: 'ms',
          value: byDefault.latency[q],
          ...(goal ? { goal } : {}),
          ...(q === 'p50' ? { note: setup } : {}),
        }),
      );
    }
    for (const q of ['p50', 'p95', 'p99'] as const) {
      const goal = q === 'p50' ? below(5, 'ms') : q === 'p99' ? below(25, 'ms') : undefined;
      rows.push(
        makeRow(scenario, {
          metric: `${q}, event frames ≥ ${s.compareFrameMs} ms apart`,
          unit: 'ms',
          value: small.latency[q],
          reference: { label: `${DEFAULT_FRAME_MS} ms`, value: byDefault.latency[q] },
          ...(goal ? { goal } : {}),
          ...(q === 'p50' ? { note: `${small.writer.achievedPerSecond}/s written; ${cpu(small)}` } : {}),
        }),
      );
    }
    return { rows, details: { sizes: s, defaultGap: byDefault, compareGap: small } };
  },
};

// Scenario 3, fan-out and slow consumers: as many live clients as planned (over several processes), the
// server's memory per client, the time one KPI frame takes to reach every subscriber, then some clients stop
// reading: they must be cut at the configured cap while the others' latency stays as it was.
import { eventsChannel, kpiChannel } from '../../shared/live/channels';
import { benchSites } from '../data/bench-sites';
import { simulateCount } from '../data/event-mix';
import { startBenchServer } from '../load/bench-server';
import { settledRss } from '../load/proc-status';
import { startSteadyWriter } from '../load/steady-writer';
import { pollUntil, sleep } from '../load/wait';
import { type Fleet, startFleet } from '../load/ws-fleet';
import type { ClientPlan } from '../load/ws-fleet-protocol';
import { fanOutRows } from './fan-out-rows';
import type { Scenario } from './scenario';

const CUT_TEXT = 'cutting slow client';

/** Wall displays watch KPIs; every n-th client also follows its site's events (and measures latency); the
 * slow ones follow every site's events, so their unread data piles up fast. */
function plans(clients: number, probeEvery: number, slow: number): ClientPlan[] {
  const out: ClientPlan[] = Array.from({ length: clients }, (_, i) => {
    const site = benchSites[i % benchSites.length]!.id;
    const probe = i % probeEvery === 0;
    return {
      channels: probe ? [kpiChannel(site), eventsChannel(site)] : [kpiChannel(site)],
      probe,
      slow: false,
    };
  });
  const all = benchSites.map((s) => eventsChannel(s.id));
  for (let i = 0; i < slow; i++) out.push({ channels: all, probe: false, slow: true });
  return out;
}

async function recordFor(fleet: Fleet, ms: number) {
  fleet.record(true);
  await sleep(ms);
  fleet.record(false);
  return fleet.report();
}

export const fanOutScenario: Scenario = {
  name: 'fan-out',
  async run(ctx) {
    const s = ctx.sizes.fanOut;
    const pool = simulateCount(Math.min(100_000, s.eventsPerSecond * 20), Date.now());
    const server = await startBenchServer({
      dataDir: `${ctx.workDir}/data`,
      sitesFile: ctx.sitesFile,
      env: {
        PORTPULSE_FSYNC: 'true',
        PORTPULSE_BROADCAST_MS: String(s.tickMs),
        PORTPULSE_WS_MAX_BUFFERED_BYTES: String(s.capBytes),
        PORTPULSE_WS_MAX_CLIENTS: String(s.clients + s.slowClients + 100),
      },
      ...(ctx.profileDir ? { profileDir: `${ctx.profileDir}/fan-out` } : {}),
    });
    let writer: ReturnType<typeof startSteadyWriter> | undefined;
    try {
      await sleep(1000);
      const rssBefore = await settledRss(server.pid);
      ctx.log(`connecting ${s.clients} + ${s.slowClients} slow clients over ${s.processes} processes`);
      const t0 = performance.now();
      const fleet = await startFleet(server.url, plans(s.clients, s.probeEvery, s.slowClients), s.processes);
      const connectSeconds = (performance.now() - t0) / 1000;
      try {
        await sleep(2000);
        const rssAfter = await settledRss(server.pid);
        writer = startSteadyWriter(server.url, pool, s.eventsPerSecond);
        await sleep(2000);
        const before = await recordFor(fleet, s.recordSeconds * 1000);

        ctx.log(`${s.slowClients} clients stop reading`);
        fleet.record(true);
        const stalledAt = performance.now();
        fleet.stall();
        const cutLines = await pollUntil(
          'every slow client to be cut',
          () => {
            const lines = server.logLines(CUT_TEXT);
            return lines.length >= s.slowClients ? lines : undefined;
          },
          ctx.quick ? 30_000 : 90_000,
          100,
        ).catch(() => server.logLines(CUT_TEXT));
        const cutSeconds = (performance.now() - stalledAt) / 1000;
        fleet.record(false);
        const during = await fleet.report();
        const after = await recordFor(fleet, s.recordSeconds * 1000);
        const figures = {
          sizes: s,
          connected: fleet.open,
          failed: fleet.failed,
          connectSeconds,
          rssBefore,
          rssAfter,
          bytesPerClient:
            rssBefore !== null && rssAfter !== null ? (rssAfter - rssBefore) / fleet.open : null,
          before,
          during,
          after,
          cut: cutLines.length,
          cutMessages: [...new Set(cutLines.map((l) => String(l.msg).replace(/#\d+/, '#…')))],
          cutSeconds,
          writer: await writer.stop(),
        };
        return { rows: fanOutRows(figures, ctx.quick), details: figures };
      } finally {
        await fleet.close();
      }
    } finally {
      await writer?.stop();
      await server.stop();
    }
  },
};

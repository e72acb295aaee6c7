// Runs the simulated collectors of every site against a portpulse server: optionally backfills the past hours
// quickly (past timestamps, a few requests in flight), then generates the events of each elapsed second in real
// time. `speed` multiplies event rates only; timestamps always follow the wall clock and never lie in the future.
import { type Measurement, measurements, type PortEvent } from '../../shared/events/event';
import type { Logger } from '../../shared/logger';
import { type SiteInput, siteRegistrySchema } from '../../shared/sites/registry';
import { ServerWriter } from '../common/transport/server-writer';
import { HOUR_MS } from './local-time';
import { SimulatedCollector } from './simulated-collector';
import { createSiteSimulator } from './site-simulator';

export interface SimulationOptions {
  /** portpulse server (or any InfluxDB 2.x write API) base URL. */
  url: string;
  /** Sites to simulate (resolved or as in a registry file). */
  sites: readonly SiteInput[];
  /** Event-rate multiplier (default 1: about 2–5 events/s in daytime over the 7 demo sites). */
  speed?: number;
  seed: number;
  /** Hours of history written before going live (default 0). */
  backfillHours?: number;
  /** API token; default PORTPULSE_TOKEN. */
  token?: string;
  /** Called every `statsIntervalMs` and once after stop. */
  onStats?: (stats: SimulationStats) => void;
  statsIntervalMs?: number;
  /** Aborting it ends a running backfill early (startSimulation then resolves with a handle as usual). */
  signal?: AbortSignal;
  log?: Logger;
}

export interface SimulationStats {
  /** Events generated, by measurement, since start (backfill included). */
  generated: Record<Measurement, number>;
  backfilled: number;
  /** Lines acknowledged by the server / given up on / still on their way. */
  written: number;
  failed: number;
  pending: number;
  retries: number;
  /** Live events generated per second over the last stats interval. */
  eventsPerSecond: number;
}

export interface SimulationHandle {
  stats(): SimulationStats;
  /** Stops generating, flushes what is buffered (one more try for pending retries) and closes the writer. */
  stop(): Promise<void>;
}

/** Backfill granularity: small enough to keep memory flat, large enough for full requests. */
const BACKFILL_CHUNK_MS = 5 * 60_000;

/** Resolves once the backfill is written (or aborted) and live generation has started. */
export async function startSimulation(options: SimulationOptions): Promise<SimulationHandle> {
  const sites = siteRegistrySchema.parse(options.sites);
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`speed must be > 0, got ${speed}`);
  const now = Date.now();
  const fromMs = now - Math.max(0, options.backfillHours ?? 0) * HOUR_MS;
  const simulators = sites.map((site) =>
    createSiteSimulator(site, { seed: options.seed, speed, startMs: fromMs }),
  );
  const writer = new ServerWriter({
    url: options.url,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const generated = Object.fromEntries(measurements.map((m) => [m, 0])) as Record<Measurement, number>;
  const count = (events: PortEvent[]) => {
    for (const e of events) generated[e.measurement]++;
  };
  let backfilled = 0;
  let liveSinceStats = 0;
  let statsSince = Date.now();

  const stats = (): SimulationStats => ({
    generated: { ...generated },
    backfilled,
    written: writer.counters.written,
    failed: writer.counters.failed,
    pending: writer.pending,
    retries: writer.counters.retries,
    eventsPerSecond: liveSinceStats / Math.max(0.001, (Date.now() - statsSince) / 1000),
  });
  const report = () => {
    options.onStats?.(stats());
    liveSinceStats = 0;
    statsSince = Date.now();
  };
  // Stats run during the backfill too, so a long one shows progress.
  const statsTimer = options.onStats ? setInterval(report, options.statsIntervalMs ?? 10_000) : undefined;
  let stopping: Promise<void> | undefined;

  let cursor = fromMs;
  while (cursor < now && !options.signal?.aborted) {
    const to = Math.min(now, cursor + BACKFILL_CHUNK_MS);
    const events = simulators.flatMap((s) => s.generate(cursor, to));
    count(events);
    backfilled += events.length;
    await writer.writeAndWait(events);
    cursor = to;
  }

  if (options.signal?.aborted) {
    // Stopped during the backfill: nothing goes live; stop() only flushes.
    clearInterval(statsTimer);
    return { stats, stop: () => (stopping ??= writer.close().then(report)) };
  }
  const collector = new SimulatedCollector({
    simulators,
    fromMs: cursor,
    onBatch: (n) => {
      liveSinceStats += n;
    },
  });
  const countingSink = {
    write(events: PortEvent[]) {
      count(events);
      writer.write(events);
    },
  };
  await collector.start(countingSink);

  return {
    stats,
    stop: () => {
      stopping ??= (async () => {
        clearInterval(statsTimer);
        await collector.stop();
        await writer.close();
        report();
      })();
      return stopping;
    },
  };
}

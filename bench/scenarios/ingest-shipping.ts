// Watching portpulse ship its log to InfluxDB through /ready: wait for lag 0, and time the drain of a backlog
// built up while influxd was stopped.
import type { Influxd } from '../../server/testing/influxd';
import type { BenchServer } from '../load/bench-server';
import { writeBatches } from '../load/http-batches';
import { pollUntil } from '../load/wait';

/** Resolves once every acknowledged event is in InfluxDB (lag 0). */
export async function waitShipped(server: BenchServer, timeoutMs: number): Promise<void> {
  await pollUntil(
    'InfluxDB lag 0',
    async () => {
      const r = await server.ready();
      return r.influx && r.influx.lagEvents === 0 ? true : undefined;
    },
    timeoutMs,
  );
}

export interface DrainFigures {
  backlog: number;
  /** From influxd answering again to lag 0 (includes the shipper's retry backoff). */
  secondsToDrained: number;
  /** Events shipped per second once shipping resumed. */
  eventsPerSecond: number;
}

export async function measureDrain(
  server: BenchServer,
  influx: Influxd,
  bodies: string[],
  backlog: number,
  concurrency: number,
): Promise<DrainFigures> {
  await influx.pause();
  await writeBatches(`${server.url}/write?db=portpulse&precision=ns`, bodies, concurrency);
  const before = (await server.ready()).influx?.shippedEvents ?? 0;
  await influx.start();
  const back = performance.now();
  let firstProgress: { t: number; shipped: number } | undefined;
  const done = await pollUntil(
    'the backlog to drain',
    async () => {
      const s = (await server.ready()).influx;
      if (!s) throw new Error('/ready has no influx status');
      const t = performance.now();
      if (!firstProgress && s.shippedEvents > before) firstProgress = { t, shipped: s.shippedEvents };
      return s.lagEvents === 0 ? { t, shipped: s.shippedEvents } : undefined;
    },
    120_000,
    10,
  );
  const start = firstProgress ?? done;
  // Events shipped after the first observed progress, over the time they took (the first batch is excluded);
  // a backlog drained between two polls falls back to the whole wait, backoff included (a lower bound).
  const shipped = done.shipped - start.shipped;
  const seconds = (done.t - start.t) / 1000;
  const secondsToDrained = (done.t - back) / 1000;
  return {
    backlog,
    secondsToDrained,
    eventsPerSecond: Math.round(seconds > 0 && shipped > 0 ? shipped / seconds : backlog / secondsToDrained),
  };
}

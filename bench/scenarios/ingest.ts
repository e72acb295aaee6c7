// Scenario 1, ingest: the same simulated line protocol written (a) straight to a real influxd, (b) through
// portpulse (fsync on) to that influxd, timed until acknowledged and shipped (lag 0), (c) into portpulse on
// its embedded store (fsync on); same batches and concurrency for all. Also the drain rate after an outage,
// and each server's CPU time per point (/proc/<pid>/stat, all threads) over the same writes.
import { startInfluxd } from '../../server/testing/influxd';
import { lineBatches, simulateCount } from '../data/event-mix';
import { startBenchServer } from '../load/bench-server';
import { writeBatches } from '../load/http-batches';
import { cpuSeconds } from '../load/proc-status';
import { allOf, atLeast, atMost, makeRow, ratioAtLeast, ratioAtMost } from '../report/rows';
import { measureDrain, waitShipped } from './ingest-shipping';
import { perSecond, type Scenario } from './scenario';

const RAW_DB = 'bench_raw';
const SHIPPED_DB = 'bench_shipped';

/** CPU seconds `pid` used while `work` ran (user + system, every thread). */
async function cpuDuring<T>(
  pid: number | undefined,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: number }> {
  if (pid === undefined) throw new Error('no pid to measure CPU of');
  const before = cpuSeconds(pid);
  const result = await work();
  const after = cpuSeconds(pid);
  if (before === null || after === null) throw new Error(`cannot read /proc/${pid}/stat`);
  return { result, cpu: after - before };
}

/** Microseconds of CPU per point. */
const usPerPoint = (cpuSeconds: number, points: number) => (cpuSeconds * 1e6) / points;

async function countPoints(influx: Awaited<ReturnType<typeof startInfluxd>>, db: string): Promise<number> {
  const q = (m: string, f: string) => influx.scalar(`SELECT count("${f}") FROM "${m}"`, db);
  return (
    (await q('gate_scan', 'processing_ms')) +
    (await q('weighbridge', 'gross_kg')) +
    (await q('flight_departure', 'cargo_kg'))
  );
}

export const ingestScenario: Scenario = {
  name: 'ingest',
  async run(ctx) {
    const { points, batchLines, concurrency, drainPoints } = ctx.sizes.ingest;
    const now = Date.now();
    ctx.log(`generating ${points.toLocaleString()} + ${drainPoints.toLocaleString()} simulated events`);
    const bodies = lineBatches(simulateCount(points, now - 60_000), batchLines);
    const drainBodies = lineBatches(simulateCount(drainPoints, now - 3 * 3_600_000, 7), batchLines);
    const influx = await startInfluxd();
    const details: Record<string, unknown> = { points, batchLines, concurrency };
    try {
      await influx.query(`CREATE DATABASE ${RAW_DB}`);
      ctx.log('(a) raw influxd');
      const { result: raw, cpu: rawCpu } = await cpuDuring(influx.pid(), () =>
        writeBatches(`${influx.url}/write?db=${RAW_DB}&precision=ns`, bodies, concurrency),
      );
      const rawRate = perSecond(points, raw.seconds);

      ctx.log('(b) portpulse → influxd');
      const shipped = await startBenchServer({
        dataDir: `${ctx.workDir}/shipped`,
        sitesFile: ctx.sitesFile,
        env: { PORTPULSE_FSYNC: 'true', PORTPULSE_INFLUX_URL: influx.url, PORTPULSE_INFLUX_DB: SHIPPED_DB },
        ...(ctx.profileDir ? { profileDir: `${ctx.profileDir}/ingest-shipped` } : {}),
      });
      let shippedTiming: { ackSeconds: number; shippedSeconds: number; cpuSeconds: number };
      let drain: Awaited<ReturnType<typeof measureDrain>>;
      try {
        const t0 = performance.now();
        // CPU until every point is in influxd: the shipping is part of what this mode costs.
        const { result: ack, cpu } = await cpuDuring(shipped.pid, async () => {
          const ack = await writeBatches(
            `${shipped.url}/write?db=portpulse&precision=ns`,
            bodies,
            concurrency,
          );
          await waitShipped(shipped, 120_000);
          return ack;
        });
        shippedTiming = {
          ackSeconds: ack.seconds,
          shippedSeconds: (performance.now() - t0) / 1000,
          cpuSeconds: cpu,
        };
        ctx.log('drain after an influxd outage');
        drain = await measureDrain(shipped, influx, drainBodies, drainPoints, concurrency);
      } finally {
        await shipped.stop();
      }

      ctx.log('(c) portpulse embedded');
      const embedded = await startBenchServer({
        dataDir: `${ctx.workDir}/embedded`,
        sitesFile: ctx.sitesFile,
        env: { PORTPULSE_FSYNC: 'true' },
        ...(ctx.profileDir ? { profileDir: `${ctx.profileDir}/ingest-embedded` } : {}),
      });
      let embeddedTiming: { seconds: number; cpuSeconds: number };
      try {
        const { result, cpu } = await cpuDuring(embedded.pid, () =>
          writeBatches(`${embedded.url}/write?db=portpulse&precision=ns`, bodies, concurrency),
        );
        embeddedTiming = { seconds: result.seconds, cpuSeconds: cpu };
      } finally {
        await embedded.stop();
      }

      const rawCount = await countPoints(influx, RAW_DB);
      const shippedCount = await countPoints(influx, SHIPPED_DB);
      Object.assign(details, {
        raw: { ...raw, pointsPerSecond: rawRate, pointsInInflux: rawCount, cpuSeconds: rawCpu },
        shipped: { ...shippedTiming, pointsInInflux: shippedCount, expected: points + drainPoints },
        drain,
        embedded: embeddedTiming,
      });
      const ref = { label: 'raw influxd', value: rawRate };
      const rawUs = usPerPoint(rawCpu, points);
      const cpuRef = { label: 'influxd', value: rawUs };
      const cpuNote = (what: string) =>
        `${what}; /proc/<pid>/stat utime + stime of the server process (all threads, 10 ms ticks) ÷ ${points} points`;
      const shippedNote =
        shippedCount === points + drainPoints
          ? 'every point found in influxd by InfluxQL count'
          : `influxd holds ${shippedCount} of ${points + drainPoints} points`;
      return {
        details,
        rows: [
          makeRow('1 ingest', { metric: '(a) raw influxd /write', unit: 'pts/s', value: rawRate }),
          makeRow('1 ingest', {
            metric: '(b) portpulse → influxd, acked + shipped',
            unit: 'pts/s',
            value: perSecond(points, shippedTiming.shippedSeconds),
            reference: ref,
            goal: ratioAtLeast(0.8),
            note: shippedNote,
          }),
          makeRow('1 ingest', {
            metric: '(b) portpulse → influxd, acked only',
            unit: 'pts/s',
            value: perSecond(points, shippedTiming.ackSeconds),
            reference: ref,
          }),
          makeRow('1 ingest', {
            metric: '(c) portpulse embedded (fsync)',
            unit: 'pts/s',
            value: perSecond(points, embeddedTiming.seconds),
            reference: ref,
            goal: atLeast(300_000, 'pts/s'),
          }),
          makeRow('1 ingest', {
            metric: 'server CPU µs per point, influxd /write',
            unit: 'µs',
            value: rawUs,
            note: cpuNote('from the first request to the last acknowledgement'),
          }),
          makeRow('1 ingest', {
            metric: 'server CPU µs per point, portpulse embedded (fsync)',
            unit: 'µs',
            value: usPerPoint(embeddedTiming.cpuSeconds, points),
            reference: cpuRef,
            goal: allOf(atMost(5, 'µs'), ratioAtMost(1, '≤ influxd')),
            note: cpuNote('from the first request to the last acknowledgement'),
          }),
          makeRow('1 ingest', {
            metric: 'server CPU µs per point, portpulse → influxd',
            unit: 'µs',
            value: usPerPoint(shippedTiming.cpuSeconds, points),
            reference: cpuRef,
            goal: ratioAtMost(1, '≤ influxd'),
            note: cpuNote(
              'portpulse only (influxd not counted), from the first request until every point is shipped (lag 0)',
            ),
          }),
          makeRow('1 ingest', {
            metric: 'drain to influxd after an outage',
            unit: 'pts/s',
            value: drain.eventsPerSecond,
            reference: ref,
            note: `${drainPoints} events logged while influxd was down; ${drain.secondsToDrained.toFixed(1)} s from influxd back to lag 0 (includes the shipper's retry backoff)`,
          }),
        ],
      };
    } finally {
      await influx.stop();
    }
  },
};

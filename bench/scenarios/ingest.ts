// Scenario 1, ingest: the same simulated line protocol written (a) straight to a real influxd, (b) through
// portpulse (fsync on) to that influxd, timed until acknowledged and shipped (lag 0), (c) into portpulse on
// its embedded store (fsync on); same batches and concurrency for all. Also the drain rate after an outage.
import { startInfluxd } from '../../server/testing/influxd';
import { lineBatches, simulateCount } from '../data/event-mix';
import { startBenchServer } from '../load/bench-server';
import { writeBatches } from '../load/http-batches';
import { atLeast, makeRow, ratioAtLeast } from '../report/rows';
import { measureDrain, waitShipped } from './ingest-shipping';
import { perSecond, type Scenario } from './scenario';

const RAW_DB = 'bench_raw';
const SHIPPED_DB = 'bench_shipped';

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
      const raw = await writeBatches(`${influx.url}/write?db=${RAW_DB}&precision=ns`, bodies, concurrency);
      const rawRate = perSecond(points, raw.seconds);

      ctx.log('(b) portpulse → influxd');
      const shipped = await startBenchServer({
        dataDir: `${ctx.workDir}/shipped`,
        sitesFile: ctx.sitesFile,
        env: { PORTPULSE_FSYNC: 'true', PORTPULSE_INFLUX_URL: influx.url, PORTPULSE_INFLUX_DB: SHIPPED_DB },
        ...(ctx.profileDir ? { profileDir: `${ctx.profileDir}/ingest-shipped` } : {}),
      });
      let shippedTiming: { ackSeconds: number; shippedSeconds: number };
      let drain: Awaited<ReturnType<typeof measureDrain>>;
      try {
        const t0 = performance.now();
        const ack = await writeBatches(`${shipped.url}/write?db=portpulse&precision=ns`, bodies, concurrency);
        await waitShipped(shipped, 120_000);
        shippedTiming = { ackSeconds: ack.seconds, shippedSeconds: (performance.now() - t0) / 1000 };
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
      let embeddedTiming: { seconds: number };
      try {
        embeddedTiming = await writeBatches(
          `${embedded.url}/write?db=portpulse&precision=ns`,
          bodies,
          concurrency,
        );
      } finally {
        await embedded.stop();
      }

      const rawCount = await countPoints(influx, RAW_DB);
      const shippedCount = await countPoints(influx, SHIPPED_DB);
      Object.assign(details, {
        raw: { ...raw, pointsPerSecond: rawRate, pointsInInflux: rawCount },
        shipped: { ...shippedTiming, pointsInInflux: shippedCount, expected: points + drainPoints },
        drain,
        embedded: embeddedTiming,
      });
      const ref = { label: 'raw influxd', value: rawRate };
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

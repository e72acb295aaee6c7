// Scenario 6, indices: a month's indices and a 24-month series for all sites over two years × 10 sites of
// events, from portpulse's rollups (GET /api/indices, /api/indices/series), next to the same figures from
// InfluxQL over the raw points in influxd (the log's segments, loaded as line protocol).
import { join } from 'node:path';
import { EventLog } from '../../server/store/event-log';
import { startInfluxd } from '../../server/testing/influxd';
import {
  addMonths,
  DAY_MS,
  type MonthKey,
  monthDays,
  monthOfDay,
  monthRange,
} from '../../shared/indices/calendar';
import { type MonthlyIndices, memoMonthData, monthlyIndices } from '../../shared/indices/monthly';
import { emptySums } from '../../shared/indices/raw-sums';
import { startBenchServer } from '../load/bench-server';
import { writeBatches } from '../load/http-batches';
import { allOf, below, makeRow, missingRow, ratioAtMost } from '../report/rows';
import { influxMonthSums } from './indices-influxql';
import { writeSyntheticLog } from './restart-log';
import type { Scenario } from './scenario';

const DB = 'bench_indices';

/** Median wall time of `repeats` calls after one warm-up call (whose time is returned as `first`). */
async function timed<T>(
  repeats: number,
  call: () => Promise<T>,
): Promise<{ first: number; median: number; result: T }> {
  let t = performance.now();
  let result = await call();
  const first = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    t = performance.now();
    result = await call();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { first, median: times[Math.floor(times.length / 2)]!, result };
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** Indices of `months` from InfluxQL month sums, through the same shared formulas the server uses. */
async function influxIndices(influx: Awaited<ReturnType<typeof startInfluxd>>, months: MonthKey[]) {
  const sums = await influxMonthSums(influx, DB, addMonths(months[0]!, -13), months.at(-1)!);
  const data = memoMonthData((m) => {
    const [first, end] = monthDays(m);
    return { sums: sums.get(m) ?? emptySums(), days: end - first, partial: false };
  });
  return months.map((m) => monthlyIndices(m, { mode: 'yoy' }, data));
}

export const indicesScenario: Scenario = {
  name: 'indices',
  async run(ctx) {
    const { days, perDay, repeats } = ctx.sizes.indices;
    const dataDir = `${ctx.workDir}/data`;
    const now = Date.now();
    ctx.log(`writing ${days} days × ${perDay} events/day (30 % growth a year)`);
    const log = await writeSyntheticLog(dataDir, { days, perDay, now, dayScale: (k) => 1.3 ** (-k / 365) });
    const influx = await startInfluxd();
    try {
      await influx.query(`CREATE DATABASE ${DB}`);
      const eventLog = await EventLog.open({
        dir: join(dataDir, 'log'),
        segmentBytes: 64 * 1024 * 1024,
        fsync: false,
      });
      const bodies: string[] = [];
      for await (const block of eventLog.readBlocksFrom(1)) bodies.push(block.body.toString('utf8'));
      await eventLog.close();
      ctx.log(`loading ${log.events.toLocaleString()} points into influxd`);
      await writeBatches(`${influx.url}/write?db=${DB}&precision=ns`, bodies, 4);

      const server = await startBenchServer({ dataDir, sitesFile: ctx.sitesFile });
      try {
        const last = addMonths(monthOfDay(Math.floor((now + 8 * 3_600_000) / DAY_MS)), -1);
        const seriesFrom = addMonths(last, -23);
        const probe = await getJson(`${server.url}/api/indices?month=${last}`);
        if (probe.status === 404)
          return {
            rows: [missingRow('6 indices', '/api/indices', 'not available yet: the route answers 404', true)],
            details: {},
          };
        const pp = await timed(repeats, () => getJson(`${server.url}/api/indices?month=${last}`));
        const ppSeries = await timed(repeats, () =>
          getJson(`${server.url}/api/indices/series?from=${seriesFrom}&to=${last}`),
        );
        const iq = await timed(repeats, () => influxIndices(influx, [last]));
        const iqSeries = await timed(repeats, () => influxIndices(influx, monthRange(seriesFrom, last)));
        const agreement = compare(pp.result.body as MonthlyIndices, iq.result[0]!);
        const goal = allOf(below(50, 'ms'), ratioAtMost(0.1, '≥ 10× faster'));
        const note = `${log.events.toLocaleString('en-US')} events; first call ${pp.first.toFixed(1)} ms vs ${iq.first.toFixed(0)} ms; ${agreement}`;
        return {
          details: {
            log,
            month: last,
            seriesFrom,
            ms: {
              indices: pick(pp),
              series: pick(ppSeries),
              influxql: pick(iq),
              influxqlSeries: pick(iqSeries),
            },
            agreement,
          },
          rows: [
            makeRow('6 indices', {
              metric: `GET /api/indices, ${last}, all sites (median)`,
              unit: 'ms',
              value: pp.median,
              reference: { label: 'InfluxQL on raw points', value: iq.median },
              goal,
              note,
            }),
            makeRow('6 indices', {
              metric: 'GET /api/indices/series, 24 months (median)',
              unit: 'ms',
              value: ppSeries.median,
              reference: { label: 'InfluxQL on raw points', value: iqSeries.median },
              goal,
            }),
          ],
        };
      } finally {
        await server.stop();
      }
    } finally {
      await influx.stop();
    }
  },
};

const pick = (t: { first: number; median: number }) => ({ first: t.first, median: t.median });

/** Whether both sides computed the same index values (they must, or the comparison means nothing). */
function compare(api: MonthlyIndices, influx: MonthlyIndices): string {
  const off = Object.entries(influx.indices).filter(([name, r]) => {
    const a = api.indices[name as keyof MonthlyIndices['indices']]?.value;
    const b = r.value;
    return a === null || b === null ? a !== b : Math.abs((a ?? 0) - b) > 1e-6 * Math.max(1, Math.abs(b));
  });
  return off.length === 0
    ? 'both give the same index values'
    : `values differ for ${off.map(([n]) => n).join(', ')}`;
}

// The benchmark harness end to end at tiny sizes: every scenario runs against the real server, influxd and
// Chromium and yields finite numbers. No timing thresholds: speed is judged by `npm run bench`, not by tests.
import { expect, it } from 'vitest';
import { runBench, scenarios } from './harness';
import type { BenchSizes } from './sizes';

const tiny: BenchSizes = {
  ingest: { points: 5_000, batchLines: 1_000, concurrency: 2, drainPoints: 2_000 },
  live: {
    clients: 20,
    processes: 2,
    eventsPerSecond: 500,
    warmupSeconds: 0.5,
    recordSeconds: 1,
    probeEvery: 2,
    smallTickMs: 50,
  },
  fanOut: {
    clients: 40,
    processes: 2,
    eventsPerSecond: 4_000,
    tickMs: 50,
    slowClients: 2,
    capBytes: 16 * 1024,
    recordSeconds: 1,
    probeEvery: 4,
  },
  restart: { events: 30_000, eventsPerDay: 10_000 },
  render: { seconds: 3_600, series: 4, liveAppends: 5 },
  indices: { days: 400, perDay: 20, repeats: 1 },
};

it('runs every scenario and measures a finite number for every row', { timeout: 400_000 }, async () => {
  const results = await runBench({ quick: true, sizes: tiny });
  expect(results.scenarios.map((s) => s.name)).toEqual(scenarios.map((s) => s.name));
  for (const s of results.scenarios) expect(s.error, `${s.name} failed`).toBeUndefined();
  for (const s of scenarios)
    expect(results.rows.some((r) => r.scenario.includes(s.name.split('-')[0]!))).toBe(true);
  for (const row of results.rows) {
    if (row.unavailable) continue;
    expect(Number.isFinite(row.value), `${row.scenario} · ${row.metric}: ${row.value} (${row.note})`).toBe(
      true,
    );
    if (row.reference) expect(Number.isFinite(row.ratio), `${row.scenario} · ${row.metric} ratio`).toBe(true);
  }
  expect(Number.isFinite(results.machine.cores)).toBe(true);
});

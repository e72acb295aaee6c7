// Every knob of the benchmark in one place: the full run (well under 10 minutes on 2 cores) and --quick
// (under a minute). Scenarios read only their own section.

export interface BenchSizes {
  ingest: { points: number; batchLines: number; concurrency: number; drainPoints: number };
  live: {
    processes: number;
    warmupSeconds: number;
    recordSeconds: number;
    /** Every n-th client parses frames and records latency; the others only read (see BENCHMARKS.md). */
    probeEvery: number;
    /**
     * The curve: clients × events/s, each run with the default settings and its p99 goal; `fixedGap` also
     * runs the point with the fixed 100 ms frame gap (the default before the adaptive one) for comparison.
     */
    curve: { clients: number; eventsPerSecond: number; goalP99Ms: number; fixedGap?: boolean }[];
  };
  fanOut: {
    clients: number;
    processes: number;
    eventsPerSecond: number;
    tickMs: number;
    slowClients: number;
    capBytes: number;
    recordSeconds: number;
    probeEvery: number;
  };
  restart: { events: number; eventsPerDay: number };
  render: { seconds: number; series: number; liveAppends: number };
  /** Days of history (two years) and events a day today (fewer back in time: 30 % growth a year). */
  indices: { days: number; perDay: number; repeats: number };
  /** Cluster mode: clients and events spread over 1 or 3 nodes; clients on the node killed for failover. */
  cluster: {
    clients: number;
    eventsPerSecond: number;
    warmupSeconds: number;
    recordSeconds: number;
    probeEvery: number;
    failoverClients: number;
  };
}

export const fullSizes: BenchSizes = {
  ingest: { points: 300_000, batchLines: 5_000, concurrency: 4, drainPoints: 100_000 },
  live: {
    processes: 2,
    warmupSeconds: 3,
    recordSeconds: 10,
    probeEvery: 10,
    curve: [
      { clients: 200, eventsPerSecond: 500, goalP99Ms: 10, fixedGap: true }, // a control room's real load
      { clients: 500, eventsPerSecond: 2_000, goalP99Ms: 25 },
      { clients: 1_000, eventsPerSecond: 5_000, goalP99Ms: 25, fixedGap: true }, // the stress load
    ],
  },
  fanOut: {
    clients: 5_000,
    processes: 4,
    eventsPerSecond: 2_000,
    tickMs: 50,
    slowClients: 50,
    capBytes: 256 * 1024,
    recordSeconds: 10,
    probeEvery: 25,
  },
  restart: { events: 10_000_000, eventsPerDay: 330_000 },
  render: { seconds: 86_400, series: 4, liveAppends: 120 },
  indices: { days: 730, perDay: 2_000, repeats: 5 },
  cluster: {
    clients: 900,
    eventsPerSecond: 500,
    warmupSeconds: 3,
    recordSeconds: 10,
    probeEvery: 10,
    failoverClients: 100,
  },
};

export const quickSizes: BenchSizes = {
  ingest: { points: 20_000, batchLines: 5_000, concurrency: 4, drainPoints: 5_000 },
  live: {
    processes: 2,
    warmupSeconds: 1,
    recordSeconds: 1.5,
    probeEvery: 5,
    curve: [
      { clients: 30, eventsPerSecond: 300, goalP99Ms: 10 },
      { clients: 60, eventsPerSecond: 1_000, goalP99Ms: 25, fixedGap: true },
    ],
  },
  fanOut: {
    clients: 150,
    processes: 2,
    eventsPerSecond: 4_000,
    tickMs: 50,
    slowClients: 3,
    capBytes: 64 * 1024,
    recordSeconds: 1.5,
    probeEvery: 10,
  },
  restart: { events: 200_000, eventsPerDay: 20_000 },
  render: { seconds: 86_400, series: 4, liveAppends: 30 },
  indices: { days: 400, perDay: 60, repeats: 3 },
  cluster: {
    clients: 60,
    eventsPerSecond: 200,
    warmupSeconds: 1,
    recordSeconds: 2,
    probeEvery: 5,
    failoverClients: 10,
  },
};

// Spreads live WebSocket clients over child processes (load/ws-fleet-worker.ts) so the load generator is not
// the bottleneck, and merges what they measured: latency percentiles, close codes, KPI-frame fan-out spread.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LatencyHistogram } from './latency-histogram';
import type { ClientPlan, FromWorker, ToWorker, WorkerReport } from './ws-fleet-protocol';

const workerPath = fileURLToPath(new URL('./ws-fleet-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface FleetReport {
  open: number;
  closes: Record<string, number>;
  frames: number;
  bytes: number;
  /** CPU seconds of the busiest client process during the last recording. */
  maxWorkerCpuSeconds: number;
  latency: ReturnType<LatencyHistogram['summary']>;
  negativeLatencies: number;
  /** First → last client receiving the same KPI frame, over the frames nearly every subscriber got. */
  fanOutSpreadMs: { frames: number; p50: number; max: number };
}

export interface Fleet {
  open: number;
  failed: number;
  record(on: boolean): void;
  stall(): void;
  report(): Promise<FleetReport>;
  close(): Promise<void>;
}

function ask<T extends FromWorker['type']>(child: ChildProcess, msg: ToWorker, reply: T, timeoutMs: number) {
  return new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`ws worker: no "${reply}" within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: FromWorker) => {
      if (m.type !== reply) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as Extract<FromWorker, { type: T }>);
    };
    child.on('message', onMessage);
    child.send(msg);
  });
}

function merge(reports: WorkerReport[]): FleetReport {
  const histogram = new LatencyHistogram();
  const closes: Record<string, number> = {};
  const kpi = new Map<string, [number, number, number]>();
  for (const r of reports) {
    histogram.add(r.latency);
    for (const [code, n] of Object.entries(r.closes)) closes[code] = (closes[code] ?? 0) + n;
    for (const [key, [min, max, n]] of Object.entries(r.kpiFrames)) {
      const seen = kpi.get(key);
      kpi.set(key, seen ? [Math.min(seen[0], min), Math.max(seen[1], max), seen[2] + n] : [min, max, n]);
    }
  }
  const most = Math.max(0, ...[...kpi.values()].map((v) => v[2]));
  const spreads = [...kpi.values()]
    .filter((v) => v[2] >= 0.9 * most)
    .map((v) => v[1] - v[0])
    .sort((a, b) => a - b);
  return {
    open: reports.reduce((s, r) => s + r.open, 0),
    closes,
    frames: reports.reduce((s, r) => s + r.frames, 0),
    bytes: reports.reduce((s, r) => s + r.bytes, 0),
    maxWorkerCpuSeconds: Math.max(0, ...reports.map((r) => r.cpuSeconds)),
    latency: histogram.summary(),
    negativeLatencies: reports.reduce((s, r) => s + r.negativeLatencies, 0),
    fanOutSpreadMs: {
      frames: spreads.length,
      p50: spreads[Math.floor(spreads.length / 2)] ?? Number.NaN,
      max: spreads.at(-1) ?? Number.NaN,
    },
  };
}

/** Connects every planned client (plan i goes to process i mod `processes`) and resolves once all are subscribed. */
export async function startFleet(url: string, plans: ClientPlan[], processes: number): Promise<Fleet> {
  const children = Array.from({ length: processes }, () =>
    fork(workerPath, [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const share = (k: number) => plans.filter((_, i) => i % processes === k);
  const connected = await Promise.all(
    children.map((c, k) => ask(c, { type: 'connect', url, plans: share(k) }, 'connected', 300_000)),
  );
  const failed = connected.reduce((s, c) => s + c.failed, 0);
  const firstError = connected.find((c) => c.firstError)?.firstError;
  const fleet: Fleet = {
    open: connected.reduce((s, c) => s + c.open, 0),
    failed,
    record: (on) => {
      for (const c of children) c.send({ type: 'record', on } satisfies ToWorker);
    },
    stall: () => {
      for (const c of children) c.send({ type: 'stall' } satisfies ToWorker);
    },
    report: async () =>
      merge(
        (await Promise.all(children.map((c) => ask(c, { type: 'report' }, 'report', 60_000)))).map(
          (r) => r.report,
        ),
      ),
    close: async () => {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.send({ type: 'close' } satisfies ToWorker);
            }),
        ),
      );
    },
  };
  if (failed > 0 && fleet.open === 0) {
    await fleet.close();
    throw new Error(`no live client could connect: ${firstError}`);
  }
  return fleet;
}

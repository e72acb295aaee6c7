// Starts a real InfluxDB 1.x (Debian's influxd) for tests and benchmarks: its own temp dir, free loopback
// ports, no reporting; stops it and removes the dir afterwards. Never a mock.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { tempDir } from './test-config';
import { waitFor } from './wait-for';

export interface Influxd {
  url: string;
  port: number;
  /** Pid of the running influxd (changes after `pause()` + `start()`), e.g. to read its CPU time. */
  pid(): number | undefined;
  /** Runs InfluxQL through the v1 /query API; returns the parsed JSON. */
  query(q: string, db?: string): Promise<InfluxQueryResult>;
  /** Convenience: the single number of a `SELECT count(...)`-style query (0 when no series). */
  scalar(q: string, db: string): Promise<number>;
  stop(): Promise<void>;
  /** Stops influxd without removing its data (for outage tests); `start()` brings it back on the same port. */
  pause(): Promise<void>;
  start(): Promise<void>;
}

export interface InfluxQueryResult {
  results: {
    statement_id: number;
    error?: string;
    series?: { name: string; columns: string[]; values: unknown[][] }[];
  }[];
  error?: string;
}

const INFLUXD = '/usr/bin/influxd';

export async function startInfluxd(): Promise<Influxd> {
  if (!existsSync(INFLUXD))
    throw new Error(`${INFLUXD} not found: run "node scripts/ensure-test-deps.mjs" (npm test does)`);
  const dir = tempDir('portpulse-influxd-');
  const port = await freePort();
  const rpcPort = await freePort();
  const conf = join(dir.path, 'influxdb.conf');
  writeFileSync(
    conf,
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dir.path}/meta"
[data]
  dir = "${dir.path}/data"
  wal-dir = "${dir.path}/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:${port}"
  log-enabled = false
  max-body-size = 0
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
`,
  );
  const url = `http://127.0.0.1:${port}`;
  let proc: ChildProcess | undefined;
  let stderr = '';

  const start = async () => {
    stderr = '';
    proc = spawn(INFLUXD, ['-config', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d) => {
      stderr = (stderr + String(d)).slice(-4000);
    });
    const started = proc;
    const state = await waitFor(
      'influxd to answer /ping',
      async () => {
        if (started.exitCode !== null) return 'exited';
        return (await fetch(`${url}/ping`)).status === 204 && 'up';
      },
      { timeoutMs: 30_000, intervalMs: 100, detail: () => stderr },
    );
    if (state === 'exited') throw new Error(`influxd exited early (${started.exitCode}):\n${stderr}`);
  };
  const pause = async () => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  };
  const query = async (q: string, db?: string): Promise<InfluxQueryResult> => {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (db) params.set('db', db);
    const res = await fetch(`${url}/query`, { method: 'POST', body: params });
    const json = (await res.json()) as InfluxQueryResult;
    const err = json.error ?? json.results?.find((r) => r.error)?.error;
    if (err) throw new Error(`InfluxQL error for "${q}": ${err}`);
    return json;
  };
  await start();
  return {
    url,
    port,
    pid: () => proc?.pid,
    query,
    scalar: async (q, db) => {
      const r = await query(q, db);
      const v = r.results[0]?.series?.[0]?.values[0]?.[1];
      return typeof v === 'number' ? v : 0;
    },
    pause,
    start,
    stop: async () => {
      await pause();
      dir.remove();
    },
  };
}

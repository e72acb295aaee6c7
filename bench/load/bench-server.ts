// The server under test: the real server as a child process (server/testing/server-process.ts), on the bench
// site registry, optionally CPU-profiled, with its start time, pid, /ready and JSON log lines at hand.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnServer } from '../../server/testing/server-process';

const profileHook = fileURLToPath(new URL('../profile/cpu-profile-hook.mjs', import.meta.url));

export interface BenchServer {
  url: string;
  pid: number;
  /** Wall time from spawning the process to its "listening" log line. */
  startSeconds: number;
  /** Parsed JSON log lines whose text contains `text` (the last 200 kB of output are kept). */
  logLines(text: string): Record<string, unknown>[];
  ready(): Promise<ReadyBody>;
  stop(): Promise<void>;
}

export interface ReadyBody {
  ready: boolean;
  influx?: { lagEvents: number; shippedEvents: number; connected: boolean; lastError: string | null };
}

export interface BenchServerOptions {
  dataDir: string;
  sitesFile: string;
  env?: Record<string, string>;
  /** Write a .cpuprofile of the whole server run into this directory (see profile/cpu-profile-hook.mjs). */
  profileDir?: string;
  timeoutMs?: number;
}

/** Pids of this process's children (Linux /proc), to stop a server that never said it was listening. */
function childPids(): Set<number> {
  try {
    const tasks = readdirSync('/proc/self/task');
    const pids = tasks.flatMap((t) =>
      readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/),
    );
    return new Set(pids.filter(Boolean).map(Number));
  } catch {
    return new Set();
  }
}

export async function startBenchServer(o: BenchServerOptions): Promise<BenchServer> {
  const env: Record<string, string> = {
    PORTPULSE_DATA_DIR: o.dataDir,
    PORTPULSE_SITES: o.sitesFile,
    PORTPULSE_STATIC_DIR: `${o.dataDir}/no-client`,
    // All load comes from 127.0.0.1: the per-address limits meant for the internet would throttle the bench.
    PORTPULSE_RATE_LIMIT_RPS: '0',
    PORTPULSE_WS_MAX_PER_IP: '1000000',
    ...o.env,
  };
  if (o.profileDir) {
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import ${profileHook}`.trim();
    env.PORTPULSE_BENCH_PROFILE_DIR = o.profileDir;
  }
  const t0 = performance.now();
  const before = childPids();
  const proc = await spawnServer(env, o.timeoutMs ?? 180_000).catch((e: unknown) => {
    // spawnServer gives up on a slow start but leaves the process running: stop the one we started.
    for (const pid of childPids()) if (!before.has(pid)) process.kill(pid, 'SIGKILL');
    throw e;
  });
  const startSeconds = (performance.now() - t0) / 1000;
  return {
    url: proc.url,
    pid: proc.proc.pid!,
    startSeconds,
    logLines: (text) =>
      proc
        .output()
        .split('\n')
        .filter((l) => l.includes(text))
        .flatMap((l) => {
          try {
            return [JSON.parse(l.slice(l.indexOf('{'))) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    ready: async () => (await (await fetch(`${proc.url}/ready`)).json()) as ReadyBody,
    stop: async () => {
      await proc.kill('SIGTERM');
    },
  };
}

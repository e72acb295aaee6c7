// Starts a real 3-broker NATS JetStream cluster (Debian's nats-server) for tests, the bench and the local
// cluster command: each broker on free loopback ports with its own temp store dir, ready once every monitor
// port answers /healthz?js-enabled=true. Brokers can be killed (-9) and restarted on the same ports and store.
// Clients log in with a random token per cluster (or a given user and password): a node that reconnects to a
// port its killed broker let go of, now another test's broker, is refused instead of joining that cluster.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ConnectionOptions, connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort } from '../../testing/free-port';
import { tempDir } from '../../testing/test-config';
import { waitFor } from '../../testing/wait-for';
import { natsAuthFrom, natsAuthOptions } from '../nats-auth';

export const NATS_SERVER = '/usr/sbin/nats-server';

export interface Broker {
  name: string;
  clientPort: number;
  monitorPort: number;
  url: string;
  running(): boolean;
  /** kill -9 (no goodbye to the cluster). */
  kill(): Promise<void>;
  /** Starts it again on the same ports and store dir; resolves once it is healthy. */
  start(): Promise<void>;
  output(): string;
}

export interface NatsCluster {
  brokers: Broker[];
  /** Comma-separated client URLs, as PORTPULSE_NATS_URL takes them. */
  urls: string;
  /** The login every client needs, as node settings (PORTPULSE_NATS_TOKEN, or _USER and _PASSWORD). */
  login: Record<string, string>;
  /** A nats.js connection to the brokers, logged in (a test's own reads and writes on the stream). */
  connect(opts?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  /** The broker that leads a stream's Raft group now (from the monitor's /jsz). */
  streamLeader(stream: string): Promise<Broker | undefined>;
  stop(): Promise<void>;
}

async function healthy(monitorPort: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${monitorPort}/healthz?js-enabled=true`).then(
    async (r) => r.ok && ((await r.json()) as { status?: string }).status === 'ok',
    () => false,
  );
}

/**
 * Starts the cluster, again on fresh ports (up to three times) when it does not come up: a port picked free can be
 * taken by another test before the broker binds it, and then the meta group never reaches a quorum.
 */
interface ClusterOpts {
  size?: number;
  dir?: string;
  /** The brokers require this user and password instead of a random token. */
  user?: { user: string; pass: string };
}

export async function startNatsCluster(opts: ClusterOpts = {}): Promise<NatsCluster> {
  const failures: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNatsClusterOnce(opts);
    } catch (e) {
      failures.push(`attempt ${attempt}: ${(e as Error).message}`);
      if (opts.dir || attempt >= 3)
        throw new Error(`the NATS test cluster did not come up:\n${failures.join('\n\n')}`, { cause: e });
    }
  }
}

/** The last lines of every broker's log, each under its name (what a failed start-up is explained by). */
export function brokerLogTails(
  brokers: readonly Pick<Broker, 'name' | 'clientPort' | 'output'>[],
  lines = 30,
) {
  return brokers
    .map((b) => {
      const tail = b.output().trimEnd().split('\n').slice(-lines).join('\n');
      return `--- ${b.name} (client port ${b.clientPort}), last ${lines} log lines ---\n${tail || '(no output)'}`;
    })
    .join('\n');
}

async function startNatsClusterOnce(opts: ClusterOpts): Promise<NatsCluster> {
  if (!existsSync(NATS_SERVER))
    throw new Error(`${NATS_SERVER} not found: run "node scripts/ensure-test-deps.mjs" (npm test does)`);
  const size = opts.size ?? 3;
  const dir = opts.dir ? { path: opts.dir, remove() {} } : tempDir('portpulse-nats-');
  const ports = [];
  for (let i = 0; i < size; i++)
    ports.push({ client: await freePort(), monitor: await freePort(), route: await freePort() });
  const routes = ports.map((p) => `nats://127.0.0.1:${p.route}`).join(',');
  // Its own cluster name: a broker of another test's cluster can never join this one's routes.
  const clusterName = `portpulse-${ports[0]!.client}-${process.pid}`;
  const login: Record<string, string> = opts.user
    ? { PORTPULSE_NATS_USER: opts.user.user, PORTPULSE_NATS_PASSWORD: opts.user.pass }
    : { PORTPULSE_NATS_TOKEN: randomBytes(18).toString('base64url') };
  const authArgs = opts.user
    ? ['--user', opts.user.user, '--pass', opts.user.pass]
    : ['--auth', login.PORTPULSE_NATS_TOKEN!];
  const brokers: (Broker & { stopQuietly(): Promise<void> })[] = ports.map((p, i) => {
    const name = `n${i + 1}`;
    let proc: ChildProcess | undefined;
    let out = '';
    const exited = () => !proc || proc.exitCode !== null || proc.signalCode !== null;
    const stopWith = (signal: NodeJS.Signals) =>
      new Promise<void>((resolve) => {
        const p = proc;
        if (!p || exited()) return resolve();
        p.once('exit', () => resolve());
        p.kill(signal);
      });
    const launch = () => {
      out = '';
      proc = spawn(
        NATS_SERVER,
        [
          ...['-a', '127.0.0.1', '-p', String(p.client), '-m', String(p.monitor), '-n', name],
          ...['-js', '-sd', join(dir.path, name), '--cluster_name', clusterName, ...authArgs],
          ...['--cluster', `nats://127.0.0.1:${p.route}`, '--routes', routes],
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const keep = (d: Buffer) => {
        out = (out + String(d)).slice(-20_000);
      };
      proc.stdout!.on('data', keep);
      proc.stderr!.on('data', keep);
    };
    return {
      name,
      clientPort: p.client,
      monitorPort: p.monitor,
      url: `nats://127.0.0.1:${p.client}`,
      running: () => !exited(),
      kill: () => stopWith('SIGKILL'),
      stopQuietly: () => stopWith('SIGTERM'),
      output: () => out,
      start: async () => {
        launch();
        await waitHealthy(p.monitor, name, exited).catch((e: Error) => {
          throw new Error(
            `${e.message}\n${brokerLogTails([{ name, clientPort: p.client, output: () => out }])}`,
          );
        });
      },
    };
  });
  // All at once: JetStream in a cluster reports healthy only once a meta leader is elected, which needs a quorum.
  try {
    // allSettled: every broker's start is over (healthy or timed out) before the tails are read.
    const started = await Promise.allSettled(brokers.map((b) => b.start()));
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    await waitMetaGroup(
      brokers.map((b) => b.monitorPort),
      size,
    );
  } catch (e) {
    // A broker's own start names its tail already: keep the first line, then every broker's tail.
    const why = `${(e as Error).message.split('\n')[0]}\n${brokerLogTails(brokers)}`;
    await Promise.all(brokers.map((b) => b.kill()));
    dir.remove();
    throw new Error(why, { cause: e });
  }
  return {
    brokers,
    urls: brokers.map((b) => b.url).join(','),
    login,
    connect: (o) =>
      connect({ servers: brokers.map((b) => b.url), ...natsAuthOptions(natsAuthFrom(login)), ...o }),
    streamLeader: async (stream) => {
      for (const b of brokers) {
        if (!b.running()) continue;
        const jsz = await fetch(`http://127.0.0.1:${b.monitorPort}/jsz?streams=true`).then(
          (r) => r.json() as Promise<JszReply>,
          () => undefined,
        );
        for (const acc of jsz?.account_details ?? [])
          for (const s of acc.stream_detail ?? [])
            if (s.name === stream && s.cluster?.leader)
              return brokers.find((x) => x.name === s.cluster!.leader);
      }
      return undefined;
    },
    stop: async () => {
      await Promise.all(brokers.map((b) => b.stopQuietly()));
      dir.remove();
    },
  };
}

interface JszReply {
  account_details?: { stream_detail?: { name: string; cluster?: { leader?: string } }[] }[];
}

/**
 * Health says yes before every broker joined the meta group; a stream of 3 replicas cannot be placed until then
 * ("no suitable peers for placement"), so wait for a meta leader with all peers current.
 */
async function waitMetaGroup(monitorPorts: number[], size: number): Promise<void> {
  await waitFor(
    'the JetStream meta group to form',
    async () => {
      // Only the meta leader lists its followers.
      for (const port of monitorPorts) {
        const meta = await fetch(`http://127.0.0.1:${port}/jsz`).then(
          async (r) => ((await r.json()) as { meta_cluster?: MetaCluster }).meta_cluster,
          () => undefined,
        );
        if (meta?.leader && (meta.replicas?.filter((r) => r.current).length ?? 0) === size - 1) return true;
      }
      return undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
}

interface MetaCluster {
  leader?: string;
  replicas?: { name: string; current: boolean }[];
}

/** Waits for a broker's health; a broker that exits (its port taken, say) fails the wait at once. */
async function waitHealthy(monitorPort: number, name: string, exited: () => boolean): Promise<void> {
  const state = await waitFor(
    `nats-server ${name} (monitor ${monitorPort}) to be healthy`,
    async () => (exited() ? 'exited' : (await healthy(monitorPort)) && 'healthy'),
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  if (state === 'exited')
    throw new Error(`nats-server ${name} (monitor ${monitorPort}) exited before it was healthy`);
}

// `npm run cluster`: a whole local cluster in one command, for people to try cluster mode: three JetStream
// brokers, three portpulse nodes (ports PORTPULSE_PORT+1…+3), HAProxy in front on PORTPULSE_PORT (default
// 8080) with docs/haproxy.cfg, and the simulated collectors of every demo site writing through the balancer.
// Installs Debian's nats-server and haproxy with apt when missing. Data under PORTPULSE_DATA_DIR (default
// ./data-cluster), kept between runs. Ctrl-C stops everything. Kill a node (its pid is printed) to watch the
// dashboard carry on.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulation } from '../../collectors/simulate/run-simulation';
import { type ServerProcess, spawnServer } from '../testing/server-process';
import type { ClusterStatus } from './cluster-node';
import { localClusterConfig } from './local-cluster-config';
import { HAPROXY, startHaproxy } from './testing/haproxy';
import { NATS_SERVER, startNatsCluster } from './testing/nats-cluster';

const say = (msg: string) => console.log(`[cluster] ${msg}`);

function ensureDebianPackages(): void {
  const missing = [
    { pkg: 'nats-server', bin: NATS_SERVER },
    { pkg: 'haproxy', bin: HAPROXY },
  ].filter((p) => !existsSync(p.bin));
  if (missing.length === 0) return;
  const pkgs = missing.map((m) => m.pkg);
  say(`installing ${pkgs.join(', ')} with apt-get …`);
  const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...prefix, ...args];
    execFileSync(cmd!, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', ...pkgs]);
}

ensureDebianPackages();
const { base, port, speed, sites } = localClusterConfig(process.env);
mkdirSync(join(base, 'nats'), { recursive: true });
say(`data under ${base}`);
const brokers = await startNatsCluster({ dir: join(base, 'nats') });
say(`3 JetStream brokers up: ${brokers.urls} (clients log in with a token made for this run)`);
const nodes: ServerProcess[] = [];
for (let i = 1; i <= 3; i++) {
  nodes.push(
    await spawnServer({
      PORTPULSE_PORT: String(port + i),
      PORTPULSE_DATA_DIR: join(base, `node-${i}`),
      PORTPULSE_NATS_URL: brokers.urls,
      ...brokers.login,
      PORTPULSE_NODE_ID: `node-${i}`,
    }),
  );
  say(`node-${i} on ${nodes[i - 1]!.url} (pid ${nodes[i - 1]!.proc.pid})`);
}
const lb = await startHaproxy(
  nodes.map((n) => n.url.replace('http://', '')),
  port,
);
say(`HAProxy on ${lb.url} (docs/haproxy.cfg)`);
const sim = await startSimulation({
  url: lb.url,
  sites,
  speed,
  seed: Date.now() % 100_000,
  backfillHours: 1,
  log: (level, message) => {
    if (level !== 'info') say(`collectors: ${message}`);
  },
});
say(`simulated collectors for ${sites.length} sites write through the balancer`);
say(`open ${lb.url}/  (wall: ${lb.url}/?mode=wall) — Ctrl-C stops the cluster`);

const status = setInterval(async () => {
  const views = await Promise.all(
    nodes.map((n) =>
      fetch(`${n.url}/ready`, { signal: AbortSignal.timeout(2000) }).then(
        async (r) => ({ ready: r.ok, cluster: ((await r.json()) as { cluster?: ClusterStatus }).cluster }),
        () => undefined,
      ),
    ),
  );
  const line = views
    .map((v, i) =>
      v?.cluster
        ? `node-${i + 1} ${v.ready ? 'ready' : 'NOT READY'} applied ${v.cluster.appliedSeq}/${v.cluster.streamSeq}${v.cluster.shipping ? ' (ships)' : ''}`
        : `node-${i + 1} down`,
    )
    .join(' · ');
  say(`${line} · collectors wrote ${sim.stats().written}`);
}, 30_000);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(status);
  say('stopping …');
  await sim.stop();
  await lb.stop();
  for (const n of nodes) await n.kill('SIGTERM');
  await brokers.stop();
  say(`stopped; the next \`npm run cluster\` continues on ${base}`);
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

// Starts Debian's HAProxy in front of portpulse nodes with the very config in docs/haproxy.cfg (the node
// addresses and the bind address come from the environment), for tests, the bench and `npm run cluster`.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../testing/free-port';
import { waitFor } from '../../testing/wait-for';

export const HAPROXY = '/usr/sbin/haproxy';
export const haproxyConfig = fileURLToPath(new URL('../../../docs/haproxy.cfg', import.meta.url));

export interface Balancer {
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** `nodes`: up to three host:port addresses; missing ones point at a closed port (that server stays down). */
export async function startHaproxy(nodes: string[], port?: number): Promise<Balancer> {
  if (!existsSync(HAPROXY))
    throw new Error(`${HAPROXY} not found: run "node scripts/ensure-test-deps.mjs" (npm test does)`);
  const bindPort = port ?? (await freePort());
  const closed = `127.0.0.1:${await freePort()}`;
  const env = {
    ...process.env,
    PORTPULSE_LB_BIND: `127.0.0.1:${bindPort}`,
    PORTPULSE_NODE1: nodes[0] ?? closed,
    PORTPULSE_NODE2: nodes[1] ?? closed,
    PORTPULSE_NODE3: nodes[2] ?? closed,
  };
  const proc: ChildProcess = spawn(HAPROXY, ['-db', '-f', haproxyConfig], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + String(d)).slice(-20_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${bindPort}`;
  // Ready once a request through it reaches a healthy node.
  const state = await waitFor(
    'haproxy to reach a node',
    async () => (proc.exitCode !== null ? 'exited' : (await fetch(`${url}/health`)).ok && 'up'),
    { timeoutMs: 30_000, intervalMs: 100, detail: () => out },
  );
  if (state === 'exited') throw new Error(`haproxy exited (${proc.exitCode}):\n${out}`);
  return {
    url,
    port: bindPort,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

// A free TCP port on loopback, for services that need a port number up front (influxd, nats-server, haproxy, a
// server restarted on the same port). The port is picked BELOW the kernel's ephemeral range: a port from
// listen(0) lies inside that range, where every outgoing connection of every test (and every other listen(0))
// also draws its local port, so between our check and the service binding it another socket could take it (a
// NATS broker of a CI run lost its port that way). Below the range only another explicit pick can collide, and
// the pick is random and checked by binding it. Test files run in parallel workers, each with its own
// `handedOut`: a port one file's broker let go of (killed to test a failover, restarted later on the same port)
// looked free to the other file, whose broker took it, and the first file's nodes then reconnected to the
// other file's cluster (a wall showed "3 nodes up" of a 2-node cluster). So each vitest worker picks from its
// own slice of the range (VITEST_POOL_ID), and two parallel files never share a port.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Ports handed out by this process, never handed out twice. */
const handedOut = new Set<number>();
const LOWEST = 10_000;
/** Disjoint slices of the range, one per vitest worker (maxWorkers is 2; room for up to this many). */
const SLICES = 4;

/** The kernel's ephemeral range (Linux; the IANA default elsewhere). */
export function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    if (Number(low) > 0 && Number(high) >= Number(low)) return [Number(low), Number(high)];
  } catch {}
  return [49_152, 65_535];
}

export async function freePort(): Promise<number> {
  const [low, high] = ephemeralRange();
  // Below the range if there is room for it, else above it; only as a last resort from listen(0).
  const [from, to] = workerSlice(low - LOWEST >= 5_000 ? [LOWEST, low - 1] : [high + 1, 65_535]);
  for (let attempt = 0; attempt < 50 && to - from >= 1_000; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  return listenAnywhere();
}

/** This vitest worker's slice of [from, to] (all of it outside vitest, e.g. the bench or a local cluster). */
export function workerSlice(
  [from, to]: [number, number],
  poolId = Number(process.env.VITEST_POOL_ID),
): [number, number] {
  if (!Number.isInteger(poolId) || poolId < 1) return [from, to];
  const size = Math.floor((to - from + 1) / SLICES);
  const i = (poolId - 1) % SLICES;
  return [from + i * size, from + (i + 1) * size - 1];
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function listenAnywhere(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

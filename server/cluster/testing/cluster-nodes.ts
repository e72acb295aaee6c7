// The setup every cluster test repeats, once: a real 3-broker NATS cluster and N portpulse nodes on it (node
// ids node-0, node-1, …, each on its own temp data dir), either in this process (startServer: tests that read
// a node's parts) or as child processes (spawnServer: tests that kill -9 a node and start it again), and the
// teardown of all of it.
import { silentLogger } from '../../logger';
import { type RunningServer, startServer } from '../../start-server';
import { type ServerProcess, spawnServer } from '../../testing/server-process';
import { tempDir, testConfig } from '../../testing/test-config';
import { type NatsCluster, startNatsCluster } from './nats-cluster';

interface ClusterOptions {
  nodes: number;
  /** Prefix of the nodes' temp data dirs (shows which test left a dir behind). */
  name: string;
  /** Extra settings of node i (PORTPULSE_NATS_URL, PORTPULSE_NODE_ID and the data dir are set already). */
  env?: (i: number) => Record<string, string>;
  /** Brokers already started (e.g. alongside influxd); the cluster's stop() stops them too. */
  brokers?: NatsCluster;
}

export interface TestCluster<N> {
  brokers: NatsCluster;
  nodes: N[];
  /** Every setting node i was started with (to start it again on the same data dir). */
  nodeEnv(i: number): Record<string, string>;
  stop(): Promise<void>;
}

export interface ProcessCluster extends TestCluster<ServerProcess> {
  /** Starts node i again (same id, data dir and settings), replacing it in `nodes`. */
  restart(i: number): Promise<ServerProcess>;
  /** The node processes that have not exited. */
  alive(): ServerProcess[];
}

async function setUp(opts: ClusterOptions) {
  const brokers = opts.brokers ?? (await startNatsCluster());
  const dirs = Array.from({ length: opts.nodes }, (_, i) => tempDir(`portpulse-${opts.name}-${i}-`));
  const nodeEnv = (i: number): Record<string, string> => ({
    PORTPULSE_DATA_DIR: dirs[i]!.path,
    PORTPULSE_NATS_URL: brokers.urls,
    ...brokers.login,
    PORTPULSE_NODE_ID: `node-${i}`,
    // The tests' write load comes from one address (one rate-limit key, counted across the nodes):
    // unlimited unless a test sets it (cluster-rate-limit.integration.test.ts).
    PORTPULSE_RATE_LIMIT_RPS: '0',
    ...opts.env?.(i),
  });
  const removeAll = async () => {
    await brokers.stop();
    for (const d of dirs) d.remove();
  };
  return { brokers, nodeEnv, removeAll };
}

/** Nodes in this process. One at a time: the first creates the stream and the KV buckets. */
export async function startInProcessCluster(opts: ClusterOptions): Promise<TestCluster<RunningServer>> {
  const { brokers, nodeEnv, removeAll } = await setUp(opts);
  const nodes: RunningServer[] = [];
  const stop = async () => {
    for (const n of nodes) await n.close();
    await removeAll();
  };
  try {
    for (let i = 0; i < opts.nodes; i++) {
      const env = nodeEnv(i);
      nodes.push(await startServer(testConfig(env.PORTPULSE_DATA_DIR!, env), silentLogger));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { brokers, nodes, nodeEnv, stop };
}

/** Nodes as child processes (`node server/serve.ts`), so a test can kill -9 one. */
export async function startProcessCluster(opts: ClusterOptions): Promise<ProcessCluster> {
  const { brokers, nodeEnv, removeAll } = await setUp(opts);
  const nodes: ServerProcess[] = [];
  const stop = async () => {
    for (const n of nodes) await n.kill('SIGKILL');
    await removeAll();
  };
  try {
    for (let i = 0; i < opts.nodes; i++) nodes.push(await spawnServer(nodeEnv(i)));
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    brokers,
    nodes,
    nodeEnv,
    stop,
    restart: async (i) => {
      await nodes[i]!.kill('SIGKILL');
      nodes[i] = await spawnServer(nodeEnv(i));
      return nodes[i]!;
    },
    alive: () => nodes.filter((n) => n.proc.exitCode === null && n.proc.signalCode === null),
  };
}

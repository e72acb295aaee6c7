// The PORTPULSE_NATS_* / PORTPULSE_NODE_ID settings (parsed with the rest of the config in server/config.ts).
// Without PORTPULSE_NATS_URL the server is one process on its embedded store, exactly as before.
import { z } from 'zod';
import { ConfigError } from '../../shared/config-error';
import { type NatsAuth, natsAuthFrom } from './nats-auth';

/**
 * How long a write is retried with the same message id (Nats-Msg-Id) before it fails: the duplicate window must
 * cover it, or a retry after a broker's leader election could be stored twice.
 */
export const PUBLISH_RETRY_MS = 15_000;

/** A state snapshot at least this many times more often than the stream's retention (a node away can rejoin). */
const SNAPSHOTS_PER_RETENTION = 4;

const int = (def: number, min: number) => z.coerce.number().int().min(min).default(def);

export const clusterEnvShape = {
  /** Comma-separated NATS broker URLs (nats://host:4222,…): turns cluster mode on. */
  PORTPULSE_NATS_URL: z.string().min(1).optional(),
  /** Token the brokers require (nats-server `--auth`/`authorization { token }`); one login method at most. */
  PORTPULSE_NATS_TOKEN: z.string().min(1).optional(),
  /** User the brokers require, with PORTPULSE_NATS_PASSWORD. */
  PORTPULSE_NATS_USER: z.string().min(1).optional(),
  /** Password of PORTPULSE_NATS_USER. */
  PORTPULSE_NATS_PASSWORD: z.string().min(1).optional(),
  /** Path of a NATS JWT .creds file (decentralised auth), read at start. */
  PORTPULSE_NATS_CREDS: z.string().min(1).optional(),
  /** This node's name in the cluster (letters, digits, - and _); required with PORTPULSE_NATS_URL. */
  PORTPULSE_NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" and "_", at most 64')
    .optional(),
  /** The JetStream stream that is the cluster's event log (its subject is `<stream>.events`). */
  PORTPULSE_NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" and "_"')
    .default('portpulse'),
  /** Replicas of the stream and the KV buckets (3 survives one broker; 1 only for a single test broker). */
  PORTPULSE_NATS_REPLICAS: int(3, 1).pipe(z.number().max(5)),
  /**
   * Seconds within which a retried write (same events) is stored once by the stream (Nats-Msg-Id); at least the
   * publish retry span (15 s).
   */
  PORTPULSE_NATS_DUPLICATE_WINDOW_S: int(120, 1),
  /**
   * Stream retention: messages older than this many hours are removed (bounded disk on the brokers). Must stay
   * above the duplicate window and PORTPULSE_REPLAY_HOURS (a new node rebuilds its live state from the stream).
   */
  PORTPULSE_NATS_MAX_AGE_HOURS: int(168, 1),
  /** Stream retention: the oldest messages are removed beyond this many bytes per replica (default 10 GiB). */
  PORTPULSE_NATS_MAX_BYTES: int(10 * 1024 ** 3, 1024 ** 2),
  /** /ready fails while this node is more than this many stream messages behind the stream (catching up). */
  PORTPULSE_CLUSTER_MAX_APPLY_LAG: int(1000, 0),
  /** The InfluxDB shipping lease and the alert notifier lease: a node that does not renew one this long is replaced. */
  PORTPULSE_CLUSTER_LEASE_MS: int(6000, 500),
  /**
   * A node that took the alert notifier lease sends only once it applied the stream as it was then; if it has
   * not within this long, it releases the lease (a caught-up node takes it, or it tries again).
   */
  PORTPULSE_CLUSTER_NOTIFIER_CATCH_UP_MS: int(60_000, 100),
  /** A node counts as up while its last presence report (written every quarter of this) is younger. */
  PORTPULSE_CLUSTER_PRESENCE_TTL_MS: int(5000, 1000),
  /** How often a node sends the others what it admitted per token (the cluster-wide rate limit's sync). */
  PORTPULSE_RATE_LIMIT_SYNC_MS: int(100, 10),
  /**
   * Requests of one token a node admits before the other nodes were sent them; beyond, 429 until the next sync.
   * A token gets at most (nodes - 1) x this many requests more than PORTPULSE_RATE_LIMIT_RPS/_BURST allow.
   */
  PORTPULSE_RATE_LIMIT_CLUSTER_SLACK: int(50, 1),
  /**
   * How often the holder of the snapshot lease publishes a state snapshot (indices, identity, live state at one
   * stream seq) that a new node, or one away longer than the stream keeps messages, starts from; 0: this node
   * publishes none.
   */
  PORTPULSE_CLUSTER_SNAPSHOT_SECONDS: int(3600, 0),
  /** State snapshots kept in the object store (the newest). */
  PORTPULSE_CLUSTER_SNAPSHOT_KEEP: int(3, 1),
  /** Where live clients reach this node directly (listed as a peer in hello); default: its listening URL. */
  PORTPULSE_NODE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
};

type ClusterEnv = z.output<z.ZodObject<typeof clusterEnvShape>>;

export interface ClusterConfig {
  natsUrls: string[];
  /** How the node logs in to the brokers (secrets: never log this). */
  auth: NatsAuth;
  nodeId: string;
  stream: string;
  replicas: number;
  duplicateWindowS: number;
  maxAgeHours: number;
  maxBytes: number;
  maxApplyLag: number;
  leaseMs: number;
  notifierCatchUpMs: number;
  presenceTtlMs: number;
  rateLimitSyncMs: number;
  rateLimitSlack: number;
  snapshotSeconds: number;
  snapshotKeep: number;
  publicUrl: string | undefined;
}

export function clusterConfigFrom(e: ClusterEnv, need: { replayHours: number }): ClusterConfig | undefined {
  if (!e.PORTPULSE_NATS_URL) {
    if (e.PORTPULSE_NODE_ID)
      throw new ConfigError('PORTPULSE_NODE_ID is set without PORTPULSE_NATS_URL: set both for cluster mode');
    if (natsAuthFrom(e).kind !== 'none')
      throw new ConfigError(
        'NATS credentials (PORTPULSE_NATS_TOKEN/_USER/_PASSWORD/_CREDS) are set without PORTPULSE_NATS_URL',
      );
    return undefined;
  }
  if (!e.PORTPULSE_NODE_ID)
    throw new ConfigError('PORTPULSE_NATS_URL is set: also set PORTPULSE_NODE_ID (this node’s unique name)');
  const natsUrls = e.PORTPULSE_NATS_URL.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of natsUrls)
    if (!/^(nats|tls):\/\/[^/\s]+$/.test(u))
      throw new ConfigError(`PORTPULSE_NATS_URL: "${u}" is not a broker URL (nats://host:port)`);
  if (e.PORTPULSE_NATS_MAX_AGE_HOURS * 3600 <= e.PORTPULSE_NATS_DUPLICATE_WINDOW_S)
    throw new ConfigError(
      `PORTPULSE_NATS_MAX_AGE_HOURS=${e.PORTPULSE_NATS_MAX_AGE_HOURS} keeps messages no longer than the duplicate window (PORTPULSE_NATS_DUPLICATE_WINDOW_S=${e.PORTPULSE_NATS_DUPLICATE_WINDOW_S}): a retry could be stored twice; keep them longer`,
    );
  if (e.PORTPULSE_NATS_DUPLICATE_WINDOW_S * 1000 < PUBLISH_RETRY_MS)
    throw new ConfigError(
      `PORTPULSE_NATS_DUPLICATE_WINDOW_S=${e.PORTPULSE_NATS_DUPLICATE_WINDOW_S} is shorter than the publish retry span (${PUBLISH_RETRY_MS / 1000} s, retried with the same message id): a retry could be stored twice; set at least ${PUBLISH_RETRY_MS / 1000}`,
    );
  if (e.PORTPULSE_NATS_MAX_AGE_HOURS < need.replayHours)
    throw new ConfigError(
      `PORTPULSE_NATS_MAX_AGE_HOURS=${e.PORTPULSE_NATS_MAX_AGE_HOURS} is shorter than PORTPULSE_REPLAY_HOURS=${need.replayHours}: a new node rebuilds its live state from the stream and would miss hours; keep messages at least as long`,
    );
  const snapshotS = e.PORTPULSE_CLUSTER_SNAPSHOT_SECONDS;
  if (snapshotS > 0 && snapshotS * SNAPSHOTS_PER_RETENTION > e.PORTPULSE_NATS_MAX_AGE_HOURS * 3600)
    throw new ConfigError(
      `PORTPULSE_CLUSTER_SNAPSHOT_SECONDS=${snapshotS} is not well below PORTPULSE_NATS_MAX_AGE_HOURS=${e.PORTPULSE_NATS_MAX_AGE_HOURS}: the stream after the newest state snapshot could expire before the next one, and a node away that long could not rejoin; publish at least ${SNAPSHOTS_PER_RETENTION} snapshots per retention period`,
    );
  const auth = natsAuthFrom(e);
  return {
    natsUrls,
    auth,
    nodeId: e.PORTPULSE_NODE_ID,
    stream: e.PORTPULSE_NATS_STREAM,
    replicas: e.PORTPULSE_NATS_REPLICAS,
    duplicateWindowS: e.PORTPULSE_NATS_DUPLICATE_WINDOW_S,
    maxAgeHours: e.PORTPULSE_NATS_MAX_AGE_HOURS,
    maxBytes: e.PORTPULSE_NATS_MAX_BYTES,
    maxApplyLag: e.PORTPULSE_CLUSTER_MAX_APPLY_LAG,
    leaseMs: e.PORTPULSE_CLUSTER_LEASE_MS,
    notifierCatchUpMs: e.PORTPULSE_CLUSTER_NOTIFIER_CATCH_UP_MS,
    presenceTtlMs: e.PORTPULSE_CLUSTER_PRESENCE_TTL_MS,
    rateLimitSyncMs: e.PORTPULSE_RATE_LIMIT_SYNC_MS,
    rateLimitSlack: e.PORTPULSE_RATE_LIMIT_CLUSTER_SLACK,
    snapshotSeconds: e.PORTPULSE_CLUSTER_SNAPSHOT_SECONDS,
    snapshotKeep: e.PORTPULSE_CLUSTER_SNAPSHOT_KEEP,
    publicUrl: e.PORTPULSE_NODE_PUBLIC_URL?.replace(/\/$/, ''),
  };
}

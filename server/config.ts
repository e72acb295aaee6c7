// Server configuration: PORTPULSE_* environment variables parsed once, at start-up, by zod.
import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../shared/config-error';
import { defaultSites } from '../shared/sites/default-sites';
import { type SiteRegistry, siteRegistrySchema } from '../shared/sites/registry';
import { alertEnvShape, alertingSettingsFrom, alertThresholdsFrom } from './alerts/alert-config';
import { loadTokens } from './auth/token-config';
import { clusterConfigFrom, clusterEnvShape } from './cluster/cluster-config';
import { logLevels } from './logger';

export { ConfigError };

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

export const envSchema = z.object({
  PORTPULSE_PORT: int(8080, 0).pipe(z.number().max(65535)),
  PORTPULSE_HOST: z.string().min(1).default('127.0.0.1'),
  PORTPULSE_DATA_DIR: z.string().min(1).default('./data'),
  /** Path to a JSON file holding the site registry (array of sites); the demo registry when unset. */
  PORTPULSE_SITES: z.string().optional(),
  /** Directory of the built client (vite build output). */
  PORTPULSE_STATIC_DIR: z.string().default('./dist/client'),
  /** Largest accepted request body, after gzip decompression. InfluxDB 1.x defaults to 25 MB. */
  PORTPULSE_MAX_BODY_BYTES: int(25 * 1024 * 1024, 1024),
  /** Most lines (or JSON events) in one write request. */
  PORTPULSE_MAX_LINES: int(100_000, 1),
  /** Events timestamped further than this into the future are rejected (clock or precision mistake). */
  PORTPULSE_MAX_FUTURE_MS: int(10 * 60_000),
  /** A WebSocket client whose unsent data exceeds this is cut (slow consumer). */
  PORTPULSE_WS_MAX_BUFFERED_BYTES: int(4 * 1024 * 1024, 1024),
  /** Largest message a WebSocket client may send. */
  PORTPULSE_WS_MAX_MESSAGE_BYTES: int(64 * 1024, 256),
  PORTPULSE_WS_MAX_CLIENTS: int(10_000, 1),
  /** Seconds of KPI history sent in a snapshot (and kept in memory per site). */
  PORTPULSE_SNAPSHOT_SECONDS: int(3600, 60),
  /** How often (ms) live appends are broadcast; each channel gets at most one frame per tick. */
  PORTPULSE_BROADCAST_MS: int(1000, 50),
  /** Longest an event is held back to share a frame when the sends are over their share (fixed gap: see below). */
  PORTPULSE_EVENT_FRAME_MS: int(100, 0),
  /**
   * Percent of the server's time live event sends may take before events are coalesced (0: a fixed
   * PORTPULSE_EVENT_FRAME_MS gap between two frames of a channel, whatever the load).
   */
  PORTPULSE_LIVE_SEND_PERCENT: int(50, 0).pipe(z.number().max(100)),
  /** Hours of the log replayed into the live KPIs at start-up. */
  PORTPULSE_REPLAY_HOURS: int(24, 0),
  /** Seconds between saves of the live state a restart starts from (0: none, every start replays the window). */
  PORTPULSE_LIVE_CHECKPOINT_SECONDS: int(60, 0),
  /** Log segment size before rolling to a new file. */
  PORTPULSE_SEGMENT_BYTES: int(64 * 1024 * 1024, 4096),
  /** Disk budget of the event log in bytes; writes past it get 503 + Retry-After (0: unlimited). */
  PORTPULSE_LOG_MAX_BYTES: int(0),
  /**
   * Hours of events the log keeps (0: all). Older whole segments are deleted once counted in the rollups'
   * checkpoint and shipped to InfluxDB; indices keep their history in the rollups.
   */
  PORTPULSE_LOG_RETENTION_HOURS: int(0),
  /** Memory the persisted identity index may hold in loaded days (the days a write uses are always loaded). */
  PORTPULSE_IDENTITY_MEMORY_BYTES: int(64 * 1024 * 1024, 0),
  /** InfluxDB system of record; unset: embedded store only. */
  PORTPULSE_INFLUX_URL: z.url().optional(),
  /** InfluxDB 1.x database (uses /write?db=); otherwise the 2.x/3.x API with org + bucket. */
  PORTPULSE_INFLUX_DB: z.string().min(1).optional(),
  PORTPULSE_INFLUX_ORG: z.string().optional(),
  PORTPULSE_INFLUX_BUCKET: z.string().min(1).optional(),
  PORTPULSE_INFLUX_TOKEN: z.string().optional(),
  PORTPULSE_INFLUX_CREATE_DB: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Lines per write to InfluxDB (InfluxDB recommends 5,000–10,000). */
  PORTPULSE_INFLUX_BATCH: int(5000, 1),
  /**
   * Rebuild the rollups (and the live window) from the history already in InfluxDB at start-up: `auto` once per
   * destination (a data dir that never backfilled from it), `always` on every start, `off` never.
   */
  PORTPULSE_INFLUX_BACKFILL: z.enum(['auto', 'always', 'off']).default('auto'),
  /** Hours of InfluxDB history read per backfill query (smaller: less memory per query on busy sites). */
  PORTPULSE_INFLUX_BACKFILL_CHUNK_HOURS: int(24, 1),
  /** fsync each acknowledged write (off only for throwaway benchmarks). */
  PORTPULSE_FSYNC: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Security and operations: tokens, limits, headers, logs, shutdown.
  /** File of tokens: JSON { "write": [...], "read": [...] } or lines write:<token> / read:<token>. */
  PORTPULSE_TOKENS_FILE: z.string().min(1).optional(),
  /** Comma-separated tokens for collectors (write) and viewers (read). */
  PORTPULSE_WRITE_TOKENS: z.string().optional(),
  PORTPULSE_READ_TOKENS: z.string().optional(),
  /** Requests per second per token (per client IP without a token) on the API; 0: no limit. */
  PORTPULSE_RATE_LIMIT_RPS: int(100, 0),
  /** Requests a token may make at once before the per-second rate applies (token bucket size). */
  PORTPULSE_RATE_LIMIT_BURST: int(200, 1),
  /** Per line: most tags, most fields, longest key (measurement, tag or field name), longest value. */
  PORTPULSE_MAX_TAGS: int(32, 1),
  PORTPULSE_MAX_FIELDS: int(64, 1),
  PORTPULSE_MAX_KEY_BYTES: int(256, 16),
  PORTPULSE_MAX_VALUE_BYTES: int(4096, 16),
  /** Live WebSocket connections per client IP address. */
  PORTPULSE_WS_MAX_PER_IP: int(100, 1),
  /** Messages (subscribe, unsubscribe, ping) a live client may send per 10 s. */
  PORTPULSE_WS_MAX_MESSAGES_PER_10S: int(50, 1),
  /** Snapshot bytes a live client may pull per minute (subscribes and resyncs); 0: no budget. */
  PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN: int(16 * 1024 * 1024, 0),
  /** CSP frame-ancestors of the served pages: 'none' forbids framing; e.g. 'self' https://portal.example. */
  PORTPULSE_FRAME_ANCESTORS: z
    .string()
    .regex(/^[^;,\u0000-\u001f]+$/, 'a list of sources separated by spaces (no ";" or ",")')
    .default("'none'"),
  PORTPULSE_LOG_LEVEL: z.enum(logLevels).default('info'),
  /** On SIGTERM, how long requests in flight may take to finish before connections are cut. */
  PORTPULSE_SHUTDOWN_GRACE_MS: int(10_000, 0),
  /** /ready fails when InfluxDB is unreachable and its backlog is older than this. */
  PORTPULSE_READY_MAX_LAG_SECONDS: int(300, 1),
  /** `npm start` only: hours written in full detail before going live; months of simulated history first. */
  PORTPULSE_DEMO_BACKFILL_HOURS: z.coerce.number().min(0).max(168).default(13),
  PORTPULSE_DEMO_HISTORY_MONTHS: int(25, 0).pipe(z.number().max(120)),
  /** `npm start` only: event-rate multiplier of the simulated collectors. */
  PORTPULSE_DEMO_SPEED: z.coerce.number().positive().max(1000).default(1),
  // Alerts: PORTPULSE_ALERT_* thresholds, see server/alerts/alert-config.ts.
  ...alertEnvShape,
  // Cluster mode on NATS JetStream: see server/cluster/cluster-config.ts.
  ...clusterEnvShape,
});

/**
 * The variables behind the limits that core modules report in their messages: the store, ingest and the live
 * hub speak of their own options, and the edge names the variable an operator would change.
 */
export const settingNames = {
  logMaxBytes: 'PORTPULSE_LOG_MAX_BYTES',
  maxBodyBytes: 'PORTPULSE_MAX_BODY_BYTES',
  maxFutureMs: 'PORTPULSE_MAX_FUTURE_MS',
  wsMaxClients: 'PORTPULSE_WS_MAX_CLIENTS',
  wsMaxMessagesPer10s: 'PORTPULSE_WS_MAX_MESSAGES_PER_10S',
  wsSnapshotBytesPerMin: 'PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN',
} as const satisfies Record<string, keyof z.input<typeof envSchema>>;

function formatIssues(error: z.ZodError, prefix = ''): string {
  return error.issues.map((i) => `  ${prefix}${i.path.join('.')}: ${i.message}`).join('\n');
}

export function loadSites(path: string | undefined): SiteRegistry {
  if (!path) return siteRegistrySchema.parse(defaultSites);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (e) {
    throw new ConfigError(`PORTPULSE_SITES: cannot read ${path}: ${(e as Error).message}`);
  }
  const parsed = siteRegistrySchema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(`PORTPULSE_SITES (${path}) is invalid:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

function influxConfig(e: z.output<typeof envSchema>) {
  if (!e.PORTPULSE_INFLUX_URL) return undefined;
  if (!e.PORTPULSE_INFLUX_DB && !e.PORTPULSE_INFLUX_BUCKET)
    throw new ConfigError(
      'PORTPULSE_INFLUX_URL is set: also set PORTPULSE_INFLUX_DB (1.x) or PORTPULSE_INFLUX_BUCKET (2.x/3.x)',
    );
  return {
    url: e.PORTPULSE_INFLUX_URL.replace(/\/+$/, ''),
    ...(e.PORTPULSE_INFLUX_DB ? { db: e.PORTPULSE_INFLUX_DB } : {}),
    ...(e.PORTPULSE_INFLUX_ORG ? { org: e.PORTPULSE_INFLUX_ORG } : {}),
    ...(e.PORTPULSE_INFLUX_BUCKET ? { bucket: e.PORTPULSE_INFLUX_BUCKET } : {}),
    ...(e.PORTPULSE_INFLUX_TOKEN ? { token: e.PORTPULSE_INFLUX_TOKEN } : {}),
    createDb: e.PORTPULSE_INFLUX_CREATE_DB,
    batchLines: e.PORTPULSE_INFLUX_BATCH,
    backfill: e.PORTPULSE_INFLUX_BACKFILL,
    backfillChunkHours: e.PORTPULSE_INFLUX_BACKFILL_CHUNK_HOURS,
  };
}

function retentionHours(e: z.output<typeof envSchema>): number {
  const hours = e.PORTPULSE_LOG_RETENTION_HOURS;
  if (hours > 0 && hours < e.PORTPULSE_REPLAY_HOURS)
    throw new ConfigError(
      `PORTPULSE_LOG_RETENTION_HOURS (${hours}) must be 0 (keep all) or at least PORTPULSE_REPLAY_HOURS (${e.PORTPULSE_REPLAY_HOURS}): the live views are rebuilt from that much of the log at start-up`,
    );
  return hours;
}

/**
 * The configuration: the environment parsed and shaped in one schema, whose output is the `Config` the server
 * runs on. Problems that need more than one variable (or a file) throw ConfigError from the transform.
 */
export const configSchema = envSchema.transform((e) => ({
  port: e.PORTPULSE_PORT,
  host: e.PORTPULSE_HOST,
  dataDir: resolve(e.PORTPULSE_DATA_DIR),
  staticDir: resolve(e.PORTPULSE_STATIC_DIR),
  sites: loadSites(e.PORTPULSE_SITES),
  maxBodyBytes: e.PORTPULSE_MAX_BODY_BYTES,
  maxLines: e.PORTPULSE_MAX_LINES,
  maxFutureMs: e.PORTPULSE_MAX_FUTURE_MS,
  wsMaxBufferedBytes: e.PORTPULSE_WS_MAX_BUFFERED_BYTES,
  wsMaxMessageBytes: e.PORTPULSE_WS_MAX_MESSAGE_BYTES,
  wsMaxClients: e.PORTPULSE_WS_MAX_CLIENTS,
  snapshotSeconds: e.PORTPULSE_SNAPSHOT_SECONDS,
  broadcastMs: e.PORTPULSE_BROADCAST_MS,
  /** Longest an event is held back to share a frame (adaptive), or the fixed gap per channel (share 0). */
  eventFrameMs: e.PORTPULSE_EVENT_FRAME_MS,
  /** Share (0–1) of the time event sends may take before frames are coalesced; 0: fixed eventFrameMs gap. */
  liveSendShare: e.PORTPULSE_LIVE_SEND_PERCENT / 100,
  replayHours: e.PORTPULSE_REPLAY_HOURS,
  liveCheckpointSeconds: e.PORTPULSE_LIVE_CHECKPOINT_SECONDS,
  segmentBytes: e.PORTPULSE_SEGMENT_BYTES,
  fsync: e.PORTPULSE_FSYNC,
  logMaxBytes: e.PORTPULSE_LOG_MAX_BYTES > 0 ? e.PORTPULSE_LOG_MAX_BYTES : undefined,
  logRetentionHours: retentionHours(e),
  identityMemoryBytes: e.PORTPULSE_IDENTITY_MEMORY_BYTES,
  influx: influxConfig(e),
  ...securityConfig(e),
  alerts: alertThresholdsFrom(e),
  /** Cluster mode (PORTPULSE_NATS_URL + PORTPULSE_NODE_ID); undefined: one process on its embedded store. */
  cluster: clusterConfigFrom(e, { replayHours: e.PORTPULSE_REPLAY_HOURS }),
  /** Rules file, history, outbox (server/alerts/alert-config.ts). */
  alerting: alertingSettingsFrom(e),
  /** `npm start` only: hours in full detail, months of simulated history, event-rate multiplier. */
  demo: {
    backfillHours: e.PORTPULSE_DEMO_BACKFILL_HOURS,
    historyMonths: e.PORTPULSE_DEMO_HISTORY_MONTHS,
    speed: e.PORTPULSE_DEMO_SPEED,
  },
}));
export type Config = z.output<typeof configSchema>;

/** Parses the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

/** Only literal loopback addresses (and localhost): a name such as `127.example.com` can resolve anywhere. */
export const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));

function securityConfig(e: z.output<typeof envSchema>) {
  const tokens = loadTokens({
    file: e.PORTPULSE_TOKENS_FILE,
    write: e.PORTPULSE_WRITE_TOKENS,
    read: e.PORTPULSE_READ_TOKENS,
  });
  if (tokens.length === 0 && !isLoopback(e.PORTPULSE_HOST))
    throw new ConfigError(
      `refusing to listen on ${e.PORTPULSE_HOST} without tokens: anyone on the network could write and read. ` +
        'Set PORTPULSE_WRITE_TOKENS and PORTPULSE_READ_TOKENS (or PORTPULSE_TOKENS_FILE), or bind to 127.0.0.1.',
    );
  return {
    /** API tokens (hashes only); empty: no authentication, loopback only. */
    tokens,
    tokensFile: e.PORTPULSE_TOKENS_FILE ? resolve(e.PORTPULSE_TOKENS_FILE) : undefined,
    rateLimitRps: e.PORTPULSE_RATE_LIMIT_RPS,
    rateLimitBurst: e.PORTPULSE_RATE_LIMIT_BURST,
    maxTags: e.PORTPULSE_MAX_TAGS,
    maxFields: e.PORTPULSE_MAX_FIELDS,
    maxKeyBytes: e.PORTPULSE_MAX_KEY_BYTES,
    maxValueBytes: e.PORTPULSE_MAX_VALUE_BYTES,
    wsMaxPerIp: e.PORTPULSE_WS_MAX_PER_IP,
    wsMaxMessagesPer10s: e.PORTPULSE_WS_MAX_MESSAGES_PER_10S,
    wsSnapshotBytesPerMin: e.PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN,
    frameAncestors: e.PORTPULSE_FRAME_ANCESTORS,
    logLevel: e.PORTPULSE_LOG_LEVEL,
    shutdownGraceMs: e.PORTPULSE_SHUTDOWN_GRACE_MS,
    readyMaxLagSeconds: e.PORTPULSE_READY_MAX_LAG_SECONDS,
  };
}

// The cluster's event log: one JetStream stream (file storage, replicated over the brokers) on the subject
// `<stream>.events`. Messages are validated line protocol with the events' original timestamps, at most
// MAX_MESSAGE_BYTES each; their Nats-Msg-Id is a hash of exactly those lines (the events' identity: series,
// fields, time), so a retry of the same write on any node within the duplicate window is stored once.
// Alerting's records (acknowledgements, silences, notifications; server/alerts/replication) travel on
// `<stream>.alerting` in the same stream, so every node applies them in order with the events.
import { createHash } from 'node:crypto';
import {
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamInfo,
} from '@nats-io/jetstream';
import { connect, errors, type NatsConnection } from '@nats-io/transport-node';
import { backoffDelay, sleep } from '../../shared/backoff';
import type { Logger } from '../logger';
import { StreamWriteError } from '../store/store-errors';
import type { ClusterConfig } from './cluster-config';
import { natsAuthOptions, natsAuthSetting } from './nats-auth';

/** Below NATS' default max_payload (1 MB) with room for headers. */
export const MAX_MESSAGE_BYTES = 512 * 1024;

export const subjectOf = (stream: string) => `${stream}.events`;
export const alertingSubjectOf = (stream: string) => `${stream}.alerting`;

/** Splits lines into message bodies of at most MAX_MESSAGE_BYTES (a longer single line gets its own message). */
export function messageBodies(lines: readonly string[]): string[] {
  const bodies: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const n = Buffer.byteLength(line) + 1;
    if (bytes + n > MAX_MESSAGE_BYTES && current.length > 0) {
      bodies.push(current.join('\n'));
      current = [];
      bytes = 0;
    }
    current.push(line);
    bytes += n;
  }
  if (current.length > 0) bodies.push(current.join('\n'));
  return bodies;
}

export const messageId = (body: string) => createHash('sha256').update(body).digest('base64url');

export interface StreamLink {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /**
   * Resolves when the brokers next announce a new leader of the event stream: a publish waiting on the old
   * leader (killed, its answer never comes) or between two retries is sent again at once.
   */
  nextLeader(): Promise<void>;
}

/** How long one publish waits for the stream's answer before it is retried. */
const PUBLISH_TIMEOUT_MS = 2_000;
/**
 * Pause before a retry: short, as a refused publish costs the brokers nothing ("no responders" while the
 * stream has no leader) and the new leader takes writes as soon as it is elected; jittered so the nodes spread.
 */
const RETRY_BACKOFF = { minMs: 50, maxMs: 250, factor: [0.5, 1] as const };

/** Announcements of new stream leaders (JetStream advisories), as a promise per next one. */
function leaderAnnouncements(nc: NatsConnection, stream: string): () => Promise<void> {
  let wake: () => void = () => {};
  let next = new Promise<void>((r) => {
    wake = r;
  });
  nc.subscribe(`$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.${stream}`, {
    callback: () => {
      const woken = wake;
      next = new Promise<void>((r) => {
        wake = r;
      });
      woken();
    },
  });
  return () => next;
}

/** Connects to the brokers (waiting for the first to answer, reconnecting for ever after). */
export async function connectBrokers(cfg: ClusterConfig, logger: Logger): Promise<StreamLink> {
  // Waiting on the first connect retries a refused login too, but nats.js gives up after the second refusal
  // (ignoreAuthErrorAbort: false) and rejects with an AuthorizationError: the start fails, naming what to check.
  const nc = await connect({
    servers: cfg.natsUrls,
    name: `portpulse-${cfg.nodeId}`,
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 5_000,
    ...natsAuthOptions(cfg.auth),
  }).catch((e: unknown) => {
    if (e instanceof errors.AuthorizationError)
      throw new Error(
        `nats: ${e.message.toLowerCase()} for ${cfg.natsUrls.join(',')}: ${natsAuthSetting(cfg.auth)}`,
        { cause: e },
      );
    throw e;
  });
  (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect')
        logger(s.type === 'disconnect' ? 'warn' : 'info', `nats: ${s.type}`, { server: s.server });
    }
  })().catch(() => {});
  return {
    nc,
    js: jetstream(nc, { timeout: 5_000 }),
    jsm: await jetstreamManager(nc),
    nextLeader: leaderAnnouncements(nc, cfg.stream),
  };
}

/** Creates the stream when missing (retrying while the brokers elect their meta leader). */
export async function ensureStream(
  link: StreamLink,
  cfg: ClusterConfig,
  logger: Logger,
): Promise<StreamInfo> {
  const config = {
    name: cfg.stream,
    subjects: [subjectOf(cfg.stream), alertingSubjectOf(cfg.stream)],
    num_replicas: cfg.replicas,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: cfg.duplicateWindowS * 1_000_000_000,
    // Bounded retention (PORTPULSE_NATS_MAX_AGE_HOURS / _MAX_BYTES): the oldest messages go first.
    max_age: cfg.maxAgeHours * 3_600_000_000_000,
    max_bytes: cfg.maxBytes,
  };
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      let info = await link.jsm.streams.info(cfg.stream).catch(async (e: unknown) => {
        if (String(e).includes('stream not found')) return link.jsm.streams.add(config);
        throw e;
      });
      // A stream made by an older version lacks the alerting subject; changed retention settings apply.
      if (
        config.subjects.some((s) => !info.config.subjects?.includes(s)) ||
        info.config.max_age !== config.max_age ||
        info.config.max_bytes !== config.max_bytes
      )
        info = await link.jsm.streams.update(cfg.stream, {
          subjects: [...new Set([...(info.config.subjects ?? []), ...config.subjects])],
          max_age: config.max_age,
          max_bytes: config.max_bytes,
        });
      logger('info', 'cluster: event stream ready', {
        stream: cfg.stream,
        replicas: info.config.num_replicas,
        messages: info.state.messages,
        lastSeq: info.state.last_seq,
        maxAgeHours: cfg.maxAgeHours,
        maxBytes: cfg.maxBytes,
      });
      return info;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      if (attempt === 1 || attempt % 10 === 0)
        logger('warn', 'cluster: event stream not available yet; retrying', { error: String(e) });
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * attempt)));
    }
  }
}

/**
 * Publishes validated lines; resolves with the stream seq of the last message once the stream stored every
 * message. A publish that fails (leader election after a broker died, brokers unreachable) is retried with the
 * same Nats-Msg-Id for up to `retryMs`, so a write pauses over a failover instead of failing; after that the
 * write gets 503 with Retry-After (nothing was acknowledged, the client retries, the stream stores it once).
 */
export async function publishLines(
  link: StreamLink,
  stream: string,
  lines: readonly string[],
  retryMs: number,
): Promise<number> {
  const subject = subjectOf(stream);
  const deadline = Date.now() + retryMs;
  const acks = messageBodies(lines).map((body) =>
    publishMessage(link, subject, body, messageId(body), deadline),
  );
  const seqs = await Promise.all(acks);
  return Math.max(...seqs);
}

/**
 * Publishes one message, retried with the same Nats-Msg-Id (when given) until `deadline`; resolves with its
 * stream seq once stored. A retry follows a refusal after at most RETRY_BACKOFF.maxMs, and comes at once when
 * a new stream leader is announced; a message with an id is then also sent again without waiting for the
 * old leader's answer (the stream stores it once). One without an id (a clock tick) waits for its answer.
 */
export async function publishMessage(
  link: StreamLink,
  subject: string,
  body: string,
  msgID: string | undefined,
  deadline: number,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const newLeader = link.nextLeader();
    const publish = link.js.publish(subject, body, {
      ...(msgID ? { msgID } : {}),
      timeout: PUBLISH_TIMEOUT_MS,
    });
    try {
      const ack = await (msgID ? Promise.race([publish, newLeader.then(() => undefined)]) : publish);
      if (ack) return ack.seq;
      publish.catch(() => {}); // sent again below; its answer, if any, no longer matters
      if (Date.now() > deadline) throw new Error('the stream changed leader');
    } catch (e) {
      if (Date.now() > deadline || link.nc.isClosed())
        throw new StreamWriteError(
          `the cluster's event stream did not store the write: ${(e as Error).message}`,
        );
      await Promise.race([sleep(backoffDelay(attempt - 1, RETRY_BACKOFF)), newLeader]);
    }
  }
}

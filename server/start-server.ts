// Wires the server together (log → ingest → KPIs + live hub → HTTP/WebSocket) and starts listening.
// Used by serve.ts (production), demo.ts and the integration tests, so all run the same code.
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { eventFromStoredPoint } from '../shared/events/point-conversion';
import { AlertEngine } from './alerts/alert-engine';
import { Alerting } from './alerts/alerting';
import { alertingChecks, registerAlertingMetrics } from './alerts/alerting-metrics';
import { createApp } from './app';
import type { AppDeps, Readiness } from './app-deps';
import { authNotices } from './auth/startup-notice';
import { TicketBook } from './auth/tickets';
import { TokenStore } from './auth/token-store';
import { type AlertingHooks, ClusterNode } from './cluster/cluster-node';
import { installedLiveStatePath } from './cluster/state-snapshot';
import { type Config, settingNames } from './config';
import { FieldTypeRegistry } from './field-types/field-type-registry';
import { IdentityIndex } from './identity/identity-index';
import { InfluxBackfill } from './influx/influx-backfill';
import { InfluxShipper } from './influx/influx-shipper';
import { InfluxTarget } from './influx/influx-target';
import { InfluxqlReader } from './influx/influxql-reader';
import { EventFanout } from './ingest/event-fanout';
import { type AcceptedEvent, Ingest } from './ingest/ingest';
import { RollingKpis } from './kpis/rolling-kpis';
import { observeClusterRateLimit } from './limits/rate-limit-metrics';
import { BroadcastWebSocket } from './live/broadcast-websocket';
import { LiveHub } from './live/hub';
import { LiveStateCheckpoint } from './live-state/live-state-checkpoint';
import { jsonLogger, type Logger } from './logger';
import { ServerMetrics } from './metrics/server-metrics';
import { RollupStore } from './rollups/rollup-store';
import { closeHttp } from './shutdown/close-http';
import { Drain } from './shutdown/drain';
import { EventLog } from './store/event-log';
import { LogRetention } from './store/log-retention';
import { version } from './version';

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  log: EventLog;
  shipper: InfluxShipper | undefined;
  /** Open WebSocket connections (sockets, not hub clients: a cut one counts until it is really closed). */
  liveSockets(): number;
  close(): Promise<void>;
}

async function replayRecent(
  log: EventLog,
  ingest: Ingest,
  fanout: EventFanout,
  hub: LiveHub,
  hours: number,
  logger: Logger,
  liveState: LiveStateCheckpoint | undefined,
) {
  if (hours <= 0) return;
  const t0 = performance.now();
  const now = Date.now();
  let n = 0;
  // The saved live state, when there is one, holds everything up to its seq: only the log after it is replayed.
  const fromSeq = (await liveState?.load(log.lastSeq())) ?? 0;
  // A block of the log at a time. Its points passed validation at ingest and come from CRC-checked blocks, so
  // they are converted without validating again (a schema change can leave old points without today's layout).
  for await (const batch of log.readRangeBatches(now - hours * 3_600_000, now + 3_600_000, fromSeq + 1)) {
    const accepted: AcceptedEvent[] = [];
    for (const { seq, point, seriesText, fieldText } of batch) {
      const event = eventFromStoredPoint(point);
      if (!event) continue;
      const text = seriesText !== undefined && fieldText !== undefined;
      ingest.identity.remember(point, text ? { series: seriesText, fields: fieldText } : undefined);
      accepted.push({ seq, point, event });
    }
    fanout.onEvents(accepted, 'replay'); // recent trucks and flights come back with the same alert ids
    n += accepted.length;
  }
  hub.backfillHistory();
  logger('info', 'replayed recent events into live KPIs', {
    events: n,
    ...(fromSeq > 0 ? { afterCheckpointSeq: fromSeq } : {}),
    hours,
    ms: Math.round(performance.now() - t0),
  });
}

/** Cluster mode: alerting's records from the stream, its clock ticks and the notifier lease. */
function clusterAlerting(alerts: AlertEngine, alerting: Alerting): AlertingHooks {
  return {
    apply: async (record, streamMs) => {
      if (record.type === 'tick') alerts.evaluateAt(streamMs);
      else await alerting.apply(record);
    },
    notifier: (on, holdsNow) => alerting.setNotifier(on, holdsNow),
  };
}

export interface ServerParts {
  deps: AppDeps;
  log: EventLog;
  hub: LiveHub;
  ingest: Ingest;
  rollups: RollupStore;
  /** The persisted identity of every stored event (retries are recognised however old). */
  identity: IdentityIndex;
  /** Field types per measurement (conflicting lines are refused at ingest). */
  fieldTypes: FieldTypeRegistry;
  shipper: InfluxShipper | undefined;
  /** Rebuilds rollups from InfluxDB's history at start (when configured and needed); shipping waits for it. */
  backfill: InfluxBackfill | undefined;
  /** Cluster mode: this node's link to the replicated stream (PORTPULSE_NATS_URL). */
  cluster: ClusterNode | undefined;
  /** Rules file, notifications, acknowledgements, silences, alert history. */
  alerting: Alerting;
  /** Cluster mode: what the stream's alerting records and the notifier lease drive. */
  alertingHooks: AlertingHooks | undefined;
  /** The saved live state (KPI windows, recent events, alerts) a restart starts from; see LiveStateCheckpoint. */
  liveState: LiveStateCheckpoint | undefined;
}

/** Saves and closes the parts that hold files, the log last (their checkpoints name log seqs). */
export async function closeStores(parts: ServerParts): Promise<void> {
  await parts.liveState?.close();
  await parts.rollups.close();
  await parts.identity.close();
  await parts.fieldTypes.close();
  await parts.log.close();
}

/**
 * Ready = the log takes writes, the server is not shutting down and, with InfluxDB, the shipper is connected
 * or its lag is within bounds.
 */
function readiness(
  log: EventLog,
  shipper: InfluxShipper | undefined,
  backfill: InfluxBackfill | undefined,
  drain: Drain,
  maxLagS: number,
  cluster: ClusterNode | undefined,
): Readiness {
  const full = log.full;
  const writeError = log.writeError;
  const checks: Readiness['checks'] = {
    log: {
      ok: !full && writeError === undefined,
      detail:
        `${log.lastSeq()} events, ${log.sizeBytes} bytes${full ? ' (disk budget full)' : ''}` +
        (writeError === undefined ? '' : ` (last write failed: ${writeError})`),
    },
    accepting: { ok: !drain.active, detail: drain.active ? 'shutting down' : 'taking requests' },
    ...(cluster ? { stream: cluster.readiness() } : {}),
  };
  if (shipper) {
    const s = shipper.status();
    checks.influxdb = {
      ok: s.connected || s.lagSeconds < maxLagS,
      detail: `${s.destination}: ${s.connected ? 'connected' : `unreachable (${s.lastError ?? 'connecting'})`}, lag ${s.lagEvents} events / ${Math.round(s.lagSeconds)} s`,
    };
    // Lines InfluxDB refused are not in the system of record: not ready until an operator dealt with them.
    if (s.deadLetterLines > 0)
      checks.influxdb_rejected = {
        ok: false,
        detail: `${s.deadLetterLines} lines refused by InfluxDB are in ${s.deadLetterDir} (reasons inside): fix and replay them, or remove the files`,
      };
  }
  if (backfill) {
    // Informational: ingest and queries work while it runs, and a failed backfill leaves the log's rollups.
    checks.backfill = { ok: true, detail: `${backfill.status.state}: ${backfill.status.detail}` };
  }
  return {
    ready: Object.values(checks).every((c) => c.ok),
    checks,
    ...(shipper ? { influx: shipper.status() } : {}),
    ...(cluster ? { cluster: cluster.status() } : {}),
  };
}

/** Builds every part of the server except the listening socket (tests use it with app.request()). */
export async function createServerParts(
  config: Config,
  logger: Logger = jsonLogger({ level: config.logLevel }),
): Promise<ServerParts> {
  const metrics = new ServerMetrics();
  const drain = new Drain();
  const log = await EventLog.open({
    onFsync: (ms) => metrics.fsyncSeconds.observe(ms / 1000),
    dir: join(config.dataDir, 'log'),
    segmentBytes: config.segmentBytes,
    fsync: config.fsync,
    ...(config.logMaxBytes === undefined ? {} : { maxBytes: config.logMaxBytes }),
    log: logger,
  });
  const cluster = config.cluster
    ? await ClusterNode.open(config.cluster, { dataDir: config.dataDir, log, logger })
    : undefined;
  const fieldTypes = await FieldTypeRegistry.open({
    path: join(config.dataDir, 'rollups', 'field-types.json'),
    log,
    logger,
  });
  const influxReader = config.influx
    ? new InfluxqlReader({
        url: config.influx.url,
        db: config.influx.db ?? config.influx.bucket ?? '',
        ...(config.influx.token ? { token: config.influx.token } : {}),
      })
    : undefined;
  const shipper = config.influx
    ? new InfluxShipper(log, new InfluxTarget(config.influx), {
        dataDir: config.dataDir,
        batchLines: config.influx.batchLines,
        logger,
        ...(influxReader
          ? { fieldTypes: { read: () => influxReader.allFieldTypes(), registry: fieldTypes } }
          : {}),
        ...(cluster ? { cursor: cluster.shipperCursor() } : {}),
      })
    : undefined;
  const sites = config.sites;
  const kpis = new RollingKpis(sites.map((s) => s.id));
  const alerting = await Alerting.open({
    dataDir: config.dataDir,
    settings: config.alerting,
    sites,
    defaults: config.alerts,
    logger,
    ...(cluster ? { replica: { publish: (r) => cluster.publishAlerting(r) } } : {}),
  });
  const alerts = new AlertEngine({
    sites: sites.map((s) => s.id),
    kpis,
    thresholds: config.alerts,
    thresholdsFor: (site) => alerting.thresholdsFor(site),
    onTransition: (alert, transition) => alerting.onTransition(alert, transition),
    ackOf: (id) => alerting.ackOf(id),
    streamClock: cluster !== undefined,
  });
  const hub = new LiveHub({
    alerts,
    sites,
    kpis,
    snapshotSeconds: config.snapshotSeconds,
    maxBufferedBytes: config.wsMaxBufferedBytes,
    maxClients: config.wsMaxClients,
    maxMessagesPer10s: config.wsMaxMessagesPer10s,
    snapshotBytesPerMin: config.wsSnapshotBytesPerMin,
    eventFrameMs: config.eventFrameMs,
    sendShare: config.liveSendShare,
    version,
    storage: () =>
      shipper
        ? { kind: 'influxdb', lagEvents: shipper.status().lagEvents }
        : { kind: 'embedded', lagEvents: 0 },
    ...(cluster ? { cluster: () => cluster.liveStatus() } : {}),
    log: logger,
    limitNames: {
      maxClients: settingNames.wsMaxClients,
      maxMessagesPer10s: settingNames.wsMaxMessagesPer10s,
      snapshotBytesPerMin: settingNames.wsSnapshotBytesPerMin,
    },
  });
  alerting.onAcknowledged = (id, ack) => {
    alerts.setAck(id, ack);
    hub.flushAlerts();
  };
  const rollups = await RollupStore.open({ dir: join(config.dataDir, 'rollups'), sites, log, logger });
  // Every consumer of accepted events, whatever their origin (live ingest, the replay below, InfluxDB history).
  const fanout = new EventFanout((e, origin) =>
    logger('error', 'event consumer failed', { origin, error: String(e) }),
  );
  fanout.register(kpis, hub, alerts, rollups, ...(shipper ? [shipper] : []));
  const identity = await IdentityIndex.open({
    dir: join(config.dataDir, 'rollups', 'identity'),
    log,
    logger,
    memoryBytes: config.identityMemoryBytes,
  });
  const ingest = new Ingest(log, {
    persistedIdentity: identity,
    fieldTypes,
    maxFutureMs: config.maxFutureMs,
    limitNames: { maxFutureMs: settingNames.maxFutureMs },
    consumer: fanout,
    pointLimits: config,
    ...(cluster ? { publish: (lines: string[]) => cluster.publish(lines) } : {}),
  });
  metrics.observe({ ingest, log, hub, shipper });
  registerAlertingMetrics(metrics.registry, alerting);
  // Not in cluster mode (a node rebuilds from the stream) nor when InfluxDB history may be read into the live
  // window at start (its events are not in the log): there the whole window is replayed as before.
  const mayBackfill = shipper && config.influx && config.influx.backfill !== 'off';
  const liveStateAt = (path: string) =>
    new LiveStateCheckpoint({ path, kpis, hub, alerts, logger, replayMs: config.replayHours * 3_600_000 });
  const liveState =
    config.liveCheckpointSeconds > 0 && config.replayHours > 0 && !cluster && !mayBackfill
      ? liveStateAt(join(config.dataDir, 'rollups', 'live-state.bin'))
      : undefined;
  if (liveState) fanout.register(liveState);
  // Cluster mode: a node that started from a state snapshot starts from the live state in it (its log lacks
  // the events before it), then replays its log after it, at this start and later ones.
  const installedLive =
    cluster && cluster.position.installedSeq > 0
      ? liveStateAt(installedLiveStatePath(join(config.dataDir, 'rollups')))
      : undefined;
  await replayRecent(log, ingest, fanout, hub, config.replayHours, logger, liveState ?? installedLive);
  liveState?.start(config.liveCheckpointSeconds * 1000);
  const alertingHooks = cluster ? clusterAlerting(alerts, alerting) : undefined;
  if (cluster) hub.setStreamFloor(cluster.resumeFloor());
  await cluster?.startApplying(ingest, alertingHooks);
  cluster?.startSnapshots({ rollups, fieldTypes, identity, kpis, hub, alerts });
  // Cluster mode: a new node rebuilds from the stream, not from InfluxDB (see docs/scaling.md).
  const backfill =
    shipper && config.influx && config.influx.backfill !== 'off' && !cluster
      ? new InfluxBackfill({
          reader: influxReader!,
          destination: shipper.status().destination,
          mode: config.influx.backfill,
          chunkHours: config.influx.backfillChunkHours,
          rollups,
          shippedSeq: () => shipper.status().shippedSeq,
          live: {
            fromMs: Date.now() - config.replayHours * 3_600_000,
            knows: (point) => ingest.identity.knows(point),
            onHistory: (batch) =>
              fanout.onEvents(
                batch.map(({ point, event }) => ({ seq: 0, point, event })),
                'history',
              ),
          },
          logger,
        })
      : undefined;

  // Cluster mode: the per-token rate limit counts what every node admitted.
  const rateLimiter =
    cluster && config.rateLimitRps > 0
      ? await cluster.rateLimiter({ ratePerSecond: config.rateLimitRps, burst: config.rateLimitBurst })
      : undefined;
  if (rateLimiter) observeClusterRateLimit(metrics.registry, rateLimiter);
  const deps: AppDeps = {
    config,
    version,
    sites,
    kpis,
    hub,
    alerts,
    alerting,
    rollups,
    ingestLines: (body, precision, received) => ingest.ingestLineProtocol(body, precision, received),
    ingestJson: (items) => ingest.ingestJson(items),
    readiness: () => {
      const r = readiness(log, shipper, backfill, drain, config.readyMaxLagSeconds, cluster);
      return { ...r, checks: { ...r.checks, ...alertingChecks(alerting) } };
    },
    log: logger,
    // Cluster mode: tickets in the cluster's KV, so the WebSocket may land on another node than the POST.
    auth: {
      tokens: new TokenStore(config.tokens),
      tickets: cluster ? await cluster.tickets() : new TicketBook(),
    },
    metrics,
    drain,
    ...(rateLimiter ? { rateLimiter } : {}),
    ...(cluster
      ? {
          cluster: {
            nodeId: config.cluster!.nodeId,
            appliedSeq: () => cluster.appliedSeq,
            peerUrls: () => (cluster.liveStatus().peers ?? []).map((p) => p.url),
          },
        }
      : {}),
  };
  return {
    deps,
    log,
    hub,
    ingest,
    rollups,
    identity,
    fieldTypes,
    shipper,
    backfill,
    cluster,
    alerting,
    alertingHooks,
    liveState,
  };
}

export async function startServer(
  config: Config,
  logger: Logger = jsonLogger({ level: config.logLevel }),
): Promise<RunningServer> {
  // The parts are used through this one object, so a new part is added in ServerParts and its return only.
  const parts = await createServerParts(config, logger);
  const retention =
    config.logRetentionHours > 0
      ? new LogRetention({
          log: parts.log,
          hours: config.logRetentionHours,
          consumedSeq: () =>
            Math.min(
              parts.rollups.checkpointSeq,
              parts.identity.checkpointSeq,
              parts.fieldTypes.checkpointSeq,
              parts.shipper?.status().shippedSeq ?? Number.POSITIVE_INFINITY,
            ),
          logger,
        })
      : undefined;
  retention?.start();
  let closing: Promise<void> | undefined;
  // Shipping starts once the backfill (if any) is done: the rebuild counts "InfluxDB + the log after the cursor".
  const backfillRun = parts.backfill
    ? parts.backfill.run().then(() => {
        if (!closing) parts.shipper?.start();
      })
    : undefined;
  if (parts.cluster && parts.shipper) parts.cluster.startShipping(parts.shipper);
  else if (!parts.backfill) parts.shipper?.start();
  const app = createApp(parts.deps);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.wsMaxMessageBytes,
    WebSocket: BroadcastWebSocket,
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  parts.cluster?.listeningOn(url);
  const timer = setInterval(() => parts.hub.tick(), config.broadcastMs);
  parts.alerting.start(url);
  if (parts.cluster && parts.alertingHooks) parts.cluster.startNotifying(parts.alertingHooks);
  logger('info', 'portpulse listening', {
    url,
    dataDir: config.dataDir,
    sites: parts.deps.sites.length,
    version,
  });
  for (const n of authNotices(config)) logger(n.level, n.msg);

  const close = () => {
    closing ??= (async () => {
      clearInterval(timer);
      parts.backfill?.stop();
      await backfillRun;
      await retention?.stop();
      const graceMs = config.shutdownGraceMs;
      await closeHttp(server as import('node:http').Server, {
        drain: parts.deps.drain,
        hub: parts.hub,
        wss,
        graceMs,
        logger,
      });
      wss.close();
      await parts.alerting.stop();
      await parts.shipper?.stop();
      await parts.cluster?.close();
      await closeStores(parts);
      logger('info', 'portpulse stopped', {});
    })();
    return closing;
  };
  return {
    url,
    port,
    deps: parts.deps,
    log: parts.log,
    shipper: parts.shipper,
    liveSockets: () => wss.clients.size,
    close,
  };
}

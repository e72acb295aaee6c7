// One portpulse node of a cluster: connects to the JetStream brokers, makes sure the event stream and the
// cluster's KV bucket exist, publishes this node's validated writes to the stream, applies the whole stream
// locally (StreamApplier), and takes part in the InfluxDB shipping lease and the alert notifier lease (whose
// holder also publishes the clock ticks time-based alerts are judged at). start-server.ts builds one when
// PORTPULSE_NATS_URL is set; everything else of the server is the same code as a single process.
import { join } from 'node:path';
import { type KV, Kvm } from '@nats-io/kv';
import type { ClusterLiveStatus } from '../../shared/live/messages';
import { type AlertingRecord, alertingRecordSchema } from '../alerts/replication/alerting-record';
import { TICKET_TTL_MS } from '../auth/tickets';
import type { InfluxShipper, ShipperCursor } from '../influx/influx-shipper';
import type { Ingest } from '../ingest/ingest';
import { ClusterRateLimiter } from '../limits/cluster-rate-limiter';
import type { Logger } from '../logger';
import type { EventLog } from '../store/event-log';
import { advertisedUrl } from './advertised-url';
import { AppliedPosition } from './applied-position';
import { type ClusterConfig, PUBLISH_RETRY_MS } from './cluster-config';
import { ClusterTickets } from './cluster-tickets';
import {
  alertingSubjectOf,
  connectBrokers,
  ensureStream,
  messageId,
  publishLines,
  publishMessage,
  type StreamLink,
} from './event-stream';
import { KvRateCounts } from './rate-counts';
import { type LeaseName, leaseSchema, SHIPPING_LEASE, ShippingLease } from './shipping-lease';
import { SnapshotPublisher, SnapshotStore } from './snapshot-store';
import { captureState, installState, type StateParts, type StateSnapshot } from './state-snapshot';
import { StreamApplier } from './stream-applier';

/** How long a write waits for this node to apply it after the stream stored it (then it is answered anyway). */
const APPLY_WAIT_MS = 2_000;
/** How often the notifier publishes a clock tick (time-based alerts are judged at each). */
const ALERT_TICK_MS = 1_000;
const NOTIFIER_LEASE: LeaseName = { key: 'alert-notifier', label: 'alert notifier lease' };
/** How often a node that cannot join (no snapshot covers its gap) looks for one again. */
const BLOCKED_RECHECK_MS = 10_000;

/** How this node joined: from a state snapshot (then ready only once it replayed the stream after it). */
export interface Bootstrap {
  /** The stream seq of the installed snapshot. */
  snapshotSeq: number;
  /** The stream's last seq when it was installed: /ready waits until this node applied that far. */
  targetSeq: number;
}

/** What alerting does with the stream's alerting records and the notifier lease (start-server.ts wires it). */
export interface AlertingHooks {
  /** A record applied in stream order (a tick at its stream time); durable when it resolves. */
  apply(record: AlertingRecord, streamMs: number): Promise<void>;
  /**
   * This node sends the notifications now (it has applied the stream as it was when it took the lease);
   * `holdsNow` (fencing) is checked before each notification.
   */
  notifier(on: boolean, holdsNow: () => boolean): Promise<void>;
}

export interface ClusterStatus {
  nodeId: string;
  stream: string;
  connected: boolean;
  /** The stream's last seq as last seen, and when (epoch ms; 0 = never). */
  streamSeq: number;
  streamSeenAt: number;
  streamLeader: string | undefined;
  appliedSeq: number;
  lagMessages: number;
  /** Nodes whose presence report is younger than PORTPULSE_CLUSTER_PRESENCE_TTL_MS (this one included). */
  nodesUp: string[];
  shipper: string | undefined;
  shipping: boolean;
  /** The node that sends alert notifications (and the clock ticks). */
  notifier: string | undefined;
  /** The node that publishes state snapshots (holder of the snapshot lease, as this node last saw it). */
  snapshotter: string | undefined;
  /** The stream seq of the state snapshot this node started from (its log starts after it); 0: none. */
  installedSnapshotSeq: number;
  /**
   * Set while this node stays out of InfluxDB shipping: stream messages fromSeq–toSeq (up to its snapshot)
   * are not in InfluxDB yet and not in its log; a node that applied them must ship them first.
   */
  shippingWaitsFor: { fromSeq: number; toSeq: number; fix: string } | undefined;
  lastError: string | undefined;
}

export class ClusterNode {
  private applier: StreamApplier | undefined;
  private lease: ShippingLease | undefined;
  private notifierLease: ShippingLease | undefined;
  private rates: ClusterRateLimiter | undefined;
  private ticker: NodeJS.Timeout | undefined;
  /** Bumped on every notifier change, so a late catch-up does not turn a lost lease back on. */
  private notifierTurn = 0;
  private poller: NodeJS.Timeout | undefined;
  private presence: NodeJS.Timeout | undefined;
  /** Nodes whose presence key was written within the presence TTL, by their own report, with their URLs. */
  private nodesUp: { node: string; url: string }[] = [];
  /** Where clients reach this node (PORTPULSE_NODE_PUBLIC_URL, else the listening URL once known). */
  private publicUrl: string | undefined;
  private publisher: SnapshotPublisher | undefined;
  /** Watches the shipping lease while InfluxDB lacks events before this node's snapshot (see startShipping). */
  private gapWatch: NodeJS.Timeout | undefined;
  /** Those events, while this node stays out of shipping because of them. */
  private shippingGap: { fromSeq: number; toSeq: number } | undefined;
  private closing = false;
  private recheck: NodeJS.Timeout | undefined;
  /** A blocked node found a snapshot that covers its gap (said once; it installs it at its next start). */
  private snapshotCoversGap = false;
  private stream = {
    seq: 0,
    seenAt: 0,
    leader: undefined as string | undefined,
    error: undefined as string | undefined,
  };

  private constructor(
    readonly cfg: ClusterConfig,
    private readonly link: StreamLink,
    private readonly kv: KV,
    readonly position: AppliedPosition,
    private readonly log: EventLog,
    private readonly logger: Logger,
    /** The stream's identity: its name and creation time (stream seqs compare only within one epoch). */
    readonly epoch: string,
    /** The stream's first seq when this node opened (older messages were removed by retention). */
    private readonly firstSeq: number,
    private readonly snapshots: SnapshotStore,
    /** Set when this node started from a state snapshot (see installSnapshot). */
    readonly bootstrap: Bootstrap | undefined,
    /**
     * Why this node cannot apply the stream: its position is older than the stream's first message and no
     * snapshot covers the gap. It stays unready (and does not apply, ship, notify or publish snapshots).
     */
    private blocked: string | undefined,
  ) {
    this.publicUrl = cfg.publicUrl;
  }

  static async open(
    cfg: ClusterConfig,
    opts: { dataDir: string; log: EventLog; logger: Logger },
  ): Promise<ClusterNode> {
    const position = AppliedPosition.open(join(opts.dataDir, 'cluster'), cfg.stream, opts.log.lastSeq());
    const link = await connectBrokers(cfg, opts.logger);
    const info = await ensureStream(link, cfg, opts.logger);
    const kv = await new Kvm(link.nc).create(`${cfg.stream}-cluster`, { replicas: cfg.replicas, history: 1 });
    opts.logger('info', 'cluster: node connected', {
      node: cfg.nodeId,
      brokers: cfg.natsUrls.length,
      appliedSeq: position.streamSeq,
    });
    const epoch = `${cfg.stream}@${info.created}`;
    const snapshots = await SnapshotStore.open(link, cfg);
    const joined = await ClusterNode.join({
      ...opts,
      position,
      snapshots,
      epoch,
      firstSeq: info.state.first_seq,
      lastSeq: info.state.last_seq,
    });
    return new ClusterNode(
      cfg,
      link,
      kv,
      position,
      opts.log,
      opts.logger,
      epoch,
      info.state.first_seq,
      snapshots,
      joined.bootstrap,
      joined.blocked,
    );
  }

  /**
   * A node whose position is older than the stream's first message (a fresh node once retention removed
   * messages, or one away longer than the stream keeps them) cannot rebuild its state from the stream: it
   * installs the newest state snapshot that the stream continues (seq >= first seq - 1), before its parts load
   * their files, and replays the stream after it. Without one it is blocked: unready, with the reason.
   */
  private static async join(o: {
    dataDir: string;
    log: EventLog;
    logger: Logger;
    position: AppliedPosition;
    snapshots: SnapshotStore;
    epoch: string;
    firstSeq: number;
    lastSeq: number;
  }): Promise<{ bootstrap?: Bootstrap; blocked?: string }> {
    const have = o.position.streamSeq;
    if (o.firstSeq <= have + 1) return {};
    const missing = o.firstSeq - have - 1;
    // Newest first; one the stream does not continue, or beyond its end (another epoch's), does not count.
    const candidates = (await o.snapshots.list(o.epoch)).filter(
      (s) => s.seq >= o.firstSeq - 1 && s.seq <= o.lastSeq,
    );
    const unusable: string[] = [];
    for (const snapshot of candidates) {
      const t0 = performance.now();
      let state: StateSnapshot;
      try {
        state = await o.snapshots.get(snapshot);
        if (state.header.seq !== snapshot.seq || state.header.epoch !== o.epoch)
          throw new Error(`its header says seq ${state.header.seq} of ${state.header.epoch}`);
        const localSeq = o.log.lastSeq();
        await installState(join(o.dataDir, 'rollups'), state, localSeq);
        o.position.installed(snapshot.seq, localSeq);
      } catch (e) {
        unusable.push(`${snapshot.name}: ${(e as Error).message}`);
        o.logger('error', 'cluster: a state snapshot is unusable; trying an older one', {
          snapshot: snapshot.name,
          error: (e as Error).message,
        });
        continue;
      }
      o.logger(
        'warn',
        'cluster: installed a state snapshot (this node’s position is older than the stream)',
        {
          appliedSeqBefore: have,
          firstSeq: o.firstSeq,
          snapshotSeq: snapshot.seq,
          snapshotFrom: state.header.node,
          bytes: snapshot.bytes,
          replaying: Math.max(0, o.lastSeq - snapshot.seq),
          ms: Math.round(performance.now() - t0),
        },
      );
      return { bootstrap: { snapshotSeq: snapshot.seq, targetSeq: o.lastSeq } };
    }
    const blocked = `this node applied the stream up to seq ${have}, the stream now starts at seq ${o.firstSeq} (retention removed ${missing} messages it lacks) and no ${unusable.length > 0 ? 'usable ' : ''}state snapshot in ${o.snapshots.bucket} covers the gap${unusable.length > 0 ? ` (${unusable.join('; ')})` : ''}`;
    o.logger(
      'error',
      'cluster: cannot join: the stream no longer holds this node’s gap and no snapshot covers it',
      {
        appliedSeq: have,
        firstSeq: o.firstSeq,
        missing,
        unusable,
        fix: `keep a node running with PORTPULSE_CLUSTER_SNAPSHOT_SECONDS > 0 until it publishes a snapshot (the log says "state snapshot published"), then restart this node; or raise PORTPULSE_NATS_MAX_AGE_HOURS / PORTPULSE_NATS_MAX_BYTES`,
      },
    );
    return { blocked };
  }

  /** Live WebSocket tickets any node of the cluster accepts, once (see cluster-tickets.ts). */
  async tickets(): Promise<ClusterTickets> {
    const bucket = `${this.cfg.stream}-tickets`;
    const kv = await new Kvm(this.link.nc).create(bucket, {
      replicas: this.cfg.replicas,
      history: 1,
      ttl: TICKET_TTL_MS,
    });
    return new ClusterTickets(kv, this.link.js, bucket);
  }

  /** The per-token rate limit counted across the nodes (see cluster-rate-limiter.ts). */
  async rateLimiter(limit: { ratePerSecond: number; burst: number }): Promise<ClusterRateLimiter> {
    const exchange = await KvRateCounts.open(this.link.nc, {
      stream: this.cfg.stream,
      replicas: this.cfg.replicas,
      nodeId: this.cfg.nodeId,
      logger: this.logger,
    });
    this.rates = new ClusterRateLimiter({
      ...limit,
      syncMs: this.cfg.rateLimitSyncMs,
      slack: this.cfg.rateLimitSlack,
      exchange,
      logger: this.logger,
    });
    this.rates.start();
    return this.rates;
  }

  get appliedSeq(): number {
    return this.position.streamSeq;
  }

  /** The listening URL, once the server listens (unless PORTPULSE_NODE_PUBLIC_URL names another one). */
  listeningOn(url: string): void {
    if (this.publicUrl === undefined) {
      this.publicUrl = advertisedUrl(url);
      if (this.publicUrl === undefined)
        this.logger('warn', 'cluster: no peer URL advertised for this node', {
          why: `it listens on ${url}, which browsers cannot reach; set PORTPULSE_NODE_PUBLIC_URL`,
        });
    }
    this.reportPresence();
  }

  /**
   * The live hub's resume floor: events of stream seqs up to here are not in its buffer with their seqs (they
   * were applied before this start, or removed from the stream before this node read them).
   */
  resumeFloor(): number {
    return Math.max(this.appliedSeq, this.firstSeq - 1);
  }

  /** Ingest's publish hook: resolves once the stream stored the lines (and, normally, this node applied them). */
  async publish(lines: string[]): Promise<void> {
    const seq = await publishLines(this.link, this.cfg.stream, lines, PUBLISH_RETRY_MS);
    await this.applier?.appliedUpTo(seq, APPLY_WAIT_MS);
  }

  /** Stores an alerting record in the stream; resolves once this node applied it (or after APPLY_WAIT_MS). */
  async publishAlerting(record: AlertingRecord): Promise<void> {
    const body = JSON.stringify(record);
    // Ticks are all alike: no id, or the duplicate window would keep only one.
    const id = record.type === 'tick' ? undefined : messageId(body);
    const subject = alertingSubjectOf(this.cfg.stream);
    const seq = await publishMessage(this.link, subject, body, id, Date.now() + PUBLISH_RETRY_MS);
    await this.applier?.appliedUpTo(seq, APPLY_WAIT_MS);
  }

  private async applyRecord(hooks: AlertingHooks | undefined, subject: string, body: string, at: number) {
    const parsed =
      subject === alertingSubjectOf(this.cfg.stream)
        ? alertingRecordSchema.safeParse(
            (() => {
              try {
                return JSON.parse(body);
              } catch {
                return undefined;
              }
            })(),
          )
        : undefined;
    if (!parsed?.success) {
      this.logger('error', 'cluster: unreadable record in the stream skipped', {
        subject,
        error: parsed ? parsed.error.message.slice(0, 300) : 'unknown subject',
      });
      return;
    }
    await hooks?.apply(parsed.data, at);
  }

  /**
   * Joins the alert notifier lease: its holder sends the notifications (once it caught up with the stream as
   * it was when it took the lease, so it knows every outcome recorded before) and publishes the clock ticks.
   */
  startNotifying(hooks: AlertingHooks): void {
    if (this.blocked) return;
    // A node that started from a state snapshot lacks alerting's records from before it (acks, silences,
    // queued notifications; the snapshot does not carry them): it could notify silenced or acknowledged alerts.
    if (this.position.installedSeq > 0) {
      this.logger(
        'warn',
        'cluster: not taking the alert notifier lease: this node started from a state snapshot',
        {
          installedSnapshotSeq: this.position.installedSeq,
          why: 'it lacks the alert acks, silences and queued notifications from before the snapshot; nodes with their own full log notify',
        },
      );
      return;
    }
    const turnOff = () => {
      this.notifierTurn++;
      clearInterval(this.ticker);
      this.ticker = undefined;
      hooks.notifier(false, () => false).catch(() => {});
    };
    this.notifierLease = new ShippingLease(
      this.kv,
      this.cfg.nodeId,
      this.cfg.leaseMs,
      {
        acquired: () => {
          const turn = ++this.notifierTurn;
          this.startTicks();
          this.caughtUp()
            .then(() =>
              turn === this.notifierTurn
                ? hooks.notifier(true, () => this.notifierLease?.holdsNow() ?? false)
                : undefined,
            )
            .catch((e: unknown) => {
              if (turn !== this.notifierTurn) return;
              // Sending now could repeat a notification whose outcome is in the stream but not applied here:
              // give the lease back instead (a caught-up node takes it, or this one again and retries).
              this.logger('warn', 'cluster: not sending notifications: releasing the alert notifier lease', {
                error: String((e as Error).message ?? e),
              });
              this.notifierLease?.release();
            });
        },
        lost: turnOff,
        follow: () => {},
      },
      this.logger,
      NOTIFIER_LEASE,
    );
    this.notifierLease.start();
  }

  private startTicks(): void {
    clearInterval(this.ticker);
    let inFlight = false;
    this.ticker = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      this.publishAlerting({ type: 'tick', node: this.cfg.nodeId })
        .catch(() => {})
        .finally(() => {
          inFlight = false;
        });
    }, ALERT_TICK_MS);
  }

  /**
   * Resolves once this node applied the stream up to its last seq as of now; rejects if it has not within
   * PORTPULSE_CLUSTER_NOTIFIER_CATCH_UP_MS (or does not apply the stream at all).
   */
  private async caughtUp(): Promise<void> {
    const info = await this.link.jsm.streams.info(this.cfg.stream);
    const target = info.state.last_seq;
    const waitMs = this.cfg.notifierCatchUpMs;
    if (!this.applier) throw new Error('this node does not apply the stream');
    if (!(await this.applier.appliedUpTo(target, waitMs)))
      throw new Error(
        `not caught up with the stream within ${waitMs} ms (applied ${this.appliedSeq} of ${target}; PORTPULSE_CLUSTER_NOTIFIER_CATCH_UP_MS)`,
      );
  }

  /**
   * Starts applying the stream after this node's position. Events a crash left in the log after the saved
   * position are taught to identity first, so applying their messages again finds them duplicates.
   */
  async startApplying(ingest: Ingest, alerting?: AlertingHooks): Promise<void> {
    this.startPolling();
    if (this.blocked) {
      this.recheck = setInterval(() => void this.lookForSnapshot(), BLOCKED_RECHECK_MS);
      return;
    }
    for await (const { point, seriesText, fieldText } of this.log.readFrom(this.position.localSeq + 1)) {
      const text = seriesText !== undefined && fieldText !== undefined;
      ingest.identity.remember(point, text ? { series: seriesText, fields: fieldText } : undefined);
    }
    this.applier = new StreamApplier({
      link: this.link,
      stream: this.cfg.stream,
      ingest,
      log: this.log,
      position: this.position,
      logger: this.logger,
      onRecord: (subject, body, at) => this.applyRecord(alerting, subject, body, at),
    });
    this.applier.start();
  }

  /** The stream's state every second (/ready, status) and this node's presence report. */
  private startPolling(): void {
    const poll = () => {
      this.link.jsm.streams.info(this.cfg.stream).then(
        (info) => {
          this.stream = {
            seq: info.state.last_seq,
            seenAt: Date.now(),
            leader: info.cluster?.leader,
            error: undefined,
          };
        },
        (e: unknown) => {
          this.stream.error = String((e as Error).message ?? e);
        },
      );
    };
    poll();
    this.poller = setInterval(poll, 1000);
    this.presence = setInterval(() => this.reportPresence(), Math.max(250, this.cfg.presenceTtlMs / 4));
    this.reportPresence();
  }

  /**
   * A blocked node: says once when a snapshot that covers its gap has appeared (it installs it at its next
   * start; the running parts were loaded from its own files).
   */
  private async lookForSnapshot(): Promise<void> {
    const info = await this.link.jsm.streams.info(this.cfg.stream).catch(() => undefined);
    if (!info || !this.blocked || this.snapshotCoversGap) return;
    const found = (await this.snapshots.list(this.epoch).catch(() => [])).find(
      (s) => s.seq >= info.state.first_seq - 1 && s.seq > this.appliedSeq,
    );
    if (!found) return;
    this.snapshotCoversGap = true;
    this.blocked = `a state snapshot of seq ${found.seq} now covers this node's gap: restart this node to install it (${this.blocked})`;
    this.logger('warn', 'cluster: a state snapshot now covers this node’s gap: restart it to install it', {
      snapshotSeq: found.seq,
      appliedSeq: this.appliedSeq,
    });
  }

  /**
   * Publishes state snapshots while this node holds the snapshot lease (PORTPULSE_CLUSTER_SNAPSHOT_SECONDS;
   * 0: never), captured between two applied batches so they are the state of exactly one stream seq.
   */
  startSnapshots(parts: StateParts): void {
    const applier = this.applier;
    if (this.cfg.snapshotSeconds <= 0 || this.blocked || !applier) return;
    this.publisher = new SnapshotPublisher({
      store: this.snapshots,
      kv: this.kv,
      cfg: this.cfg,
      epoch: this.epoch,
      appliedSeq: () => this.appliedSeq,
      capture: () =>
        applier.exclusive(() =>
          captureState(parts, { epoch: this.epoch, seq: this.appliedSeq, node: this.cfg.nodeId }),
        ),
      logger: this.logger,
    });
    this.publisher.start();
  }

  /**
   * Writes this node's presence key (`node.<id>`, with its public URL) every quarter of the presence TTL and
   * reads everyone's: the dashboard's "nodes up" and the peers a live client may reconnect to. A key counts
   * while its report is younger than PORTPULSE_CLUSTER_PRESENCE_TTL_MS by the writer's clock (hosts are
   * NTP-synced; an error of a second only shifts the count), so a killed node drops out within that TTL.
   */
  private reportPresence(): void {
    if (!this.presence) return; // not applying yet (listeningOn comes first on a start)
    const now = Date.now();
    const report = {
      at: now,
      appliedSeq: this.appliedSeq,
      ...(this.publicUrl ? { url: this.publicUrl } : {}),
    };
    this.kv
      .put(`node.${this.cfg.nodeId}`, JSON.stringify(report))
      .then(async () => {
        const up: { node: string; url: string }[] = [];
        for await (const key of await this.kv.keys('node.*')) {
          const entry = await this.kv.get(key);
          if (entry?.operation !== 'PUT') continue;
          const r = JSON.parse(entry.string()) as { at?: number; url?: string };
          if (Date.now() - Number(r.at) < this.cfg.presenceTtlMs)
            up.push({ node: key.slice('node.'.length), url: r.url ?? '' });
        }
        this.nodesUp = up.sort((a, b) => a.node.localeCompare(b.node));
      })
      .catch(() => {});
  }

  /** What the live hub sends in hello and status. */
  liveStatus(): ClusterLiveStatus {
    const s = this.status();
    return {
      node: s.nodeId,
      nodesUp: s.nodesUp,
      streamSeq: s.streamSeq,
      appliedSeq: s.appliedSeq,
      shipper: s.shipper ?? null,
      epoch: this.epoch,
      peers: this.nodesUp.filter((n) => n.url !== ''),
    };
  }

  /** The shipper's cursor in cluster mode: the position lives in the lease, as a stream seq. */
  shipperCursor(): ShipperCursor {
    return {
      load: () => 0,
      save: (localSeq) => this.lease?.recordShipped(this.position.localToStream(localSeq)),
      mayShip: () => this.lease?.holdsNow() ?? false,
    };
  }

  /**
   * Joins the InfluxDB shipping lease: the shipper runs only while this node holds it. A node that started
   * from a state snapshot has no log of the messages up to it: it stays out of the lease (no shipper) until
   * the shipped position in the lease reached its snapshot, so it never moves that position past messages
   * only other nodes hold. Nothing overrides that: a node that applied those messages must ship them.
   */
  startShipping(shipper: InfluxShipper): void {
    if (this.blocked) return; // its log lacks the events of the gap
    const installed = this.position.installedSeq;
    if (installed === 0) {
      this.joinShippingLease(shipper, 0);
      return;
    }
    let seen = 0;
    const check = async () => {
      const entry = await this.kv.get(SHIPPING_LEASE.key).catch(() => null);
      if (entry?.operation === 'PUT') {
        const parsed = leaseSchema.safeParse(JSON.parse(entry.string()));
        if (parsed.success) seen = Math.max(seen, parsed.data.shippedStreamSeq);
      }
      if (this.closing || this.lease) return;
      if (seen >= installed) {
        clearInterval(this.gapWatch);
        if (this.shippingGap)
          this.logger(
            'info',
            'cluster: InfluxDB now holds the events before this node’s snapshot: shipping',
            {
              shippedStreamSeq: seen,
            },
          );
        this.shippingGap = undefined;
        this.joinShippingLease(shipper, seen);
        return;
      }
      const before = this.shippingGap?.fromSeq;
      this.shippingGap = { fromSeq: seen + 1, toSeq: installed };
      if (before !== seen + 1)
        this.logger('error', 'cluster: not shipping: InfluxDB lacks events this node’s log does not hold', {
          ...this.shippingGap,
          fix: `start a node that applied stream messages ${seen + 1}–${installed} itself (it ships them); this node joins the InfluxDB shipping lease once the shipped position reaches ${installed}`,
        });
    };
    void check();
    this.gapWatch = setInterval(() => void check(), Math.max(100, this.cfg.leaseMs / 3));
  }

  private joinShippingLease(shipper: InfluxShipper, knownShipped: number): void {
    this.lease = new ShippingLease(
      this.kv,
      this.cfg.nodeId,
      this.cfg.leaseMs,
      {
        acquired: (streamSeq) => {
          // Only from a lease value written before the watch saw it shipped past the snapshot: give it back.
          if (streamSeq < this.position.installedSeq) {
            this.logger(
              'error',
              'cluster: not shipping: the lease’s shipped position is below this node’s snapshot',
              {
                fromSeq: streamSeq + 1,
                toSeq: this.position.installedSeq,
              },
            );
            this.lease?.release();
            return;
          }
          shipper.setShippedSeq(this.position.streamToLocal(streamSeq));
          shipper.start();
        },
        lost: () => {
          shipper.stop().catch(() => {});
        },
        follow: (streamSeq) => {
          if (!shipper.isRunning) shipper.setShippedSeq(this.position.streamToLocal(streamSeq));
          this.position.forgetBelow(streamSeq);
        },
      },
      this.logger,
    );
    this.lease.knowShipped(knownShipped);
    this.lease.start();
  }

  status(): ClusterStatus {
    const connected = !this.link.nc.isClosed() && this.stream.seenAt > Date.now() - 5_000;
    const appliedSeq = this.appliedSeq;
    return {
      nodeId: this.cfg.nodeId,
      stream: this.cfg.stream,
      connected,
      streamSeq: this.stream.seq,
      streamSeenAt: this.stream.seenAt,
      streamLeader: this.stream.leader,
      appliedSeq,
      lagMessages: Math.max(0, this.stream.seq - appliedSeq),
      nodesUp: this.nodesUp.length > 0 ? this.nodesUp.map((n) => n.node) : [this.cfg.nodeId],
      shipper: this.lease?.holder,
      shipping: this.lease?.isHolder ?? false,
      notifier: this.notifierLease?.holder,
      snapshotter: this.publisher?.holder,
      installedSnapshotSeq: this.position.installedSeq,
      shippingWaitsFor: this.shippingGap && {
        ...this.shippingGap,
        fix: `start a node that applied stream messages ${this.shippingGap.fromSeq}–${this.shippingGap.toSeq} (it ships them to InfluxDB)`,
      },
      lastError: this.applier?.lastError ?? this.stream.error,
    };
  }

  /** For /ready: the stream is reachable and this node is not catching up. */
  readiness(): { ok: boolean; detail: string } {
    const s = this.status();
    // A node that installed a snapshot is ready only once it replayed the stream after it as far as it was.
    const replaying = this.bootstrap !== undefined && s.appliedSeq < this.bootstrap.targetSeq;
    const catchingUp = s.lagMessages > this.cfg.maxApplyLag || replaying;
    const ok = s.connected && !catchingUp && !this.blocked && this.applier?.lastError === undefined;
    const why = this.blocked
      ? `cannot join: ${this.blocked}`
      : !s.connected
        ? `stream unreachable (${s.lastError ?? 'no answer'})`
        : replaying
          ? `replaying the stream after the state snapshot of seq ${this.bootstrap!.snapshotSeq} (up to ${this.bootstrap!.targetSeq})`
          : catchingUp
            ? 'catching up'
            : this.applier?.lastError
              ? `apply failing: ${this.applier.lastError}`
              : 'in sync';
    return {
      ok,
      detail: `node ${s.nodeId}: ${why}; stream ${s.stream} at ${s.streamSeq} (leader ${s.streamLeader ?? '?'}), applied ${s.appliedSeq}, lag ${s.lagMessages}; InfluxDB shipper ${s.shipper ?? 'none yet'}${s.shippingWaitsFor ? ` (this node does not ship until InfluxDB has stream messages ${s.shippingWaitsFor.fromSeq}–${s.shippingWaitsFor.toSeq}: ${s.shippingWaitsFor.fix})` : ''}`,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    clearInterval(this.presence);
    clearInterval(this.ticker);
    await this.rates?.close();
    clearInterval(this.recheck);
    this.closing = true;
    clearInterval(this.gapWatch);
    await this.publisher?.stop();
    await this.notifierLease?.stop();
    await this.kv.delete(`node.${this.cfg.nodeId}`).catch(() => {});
    await this.applier?.stop();
    await this.lease?.stop();
    await this.link.nc.drain().catch(() => this.link.nc.close());
  }
}

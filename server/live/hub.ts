// The live hub: keeps per-site KPI history and recent events, answers subscriptions with a snapshot, and
// broadcasts appends: events as soon as they are durable (batched per event-loop turn), KPI rows and alerts
// once per tick. Each frame is serialised once and shared by all subscribers; a client whose send queue
// grows past the cap is cut (slow consumer) so it cannot hold the others back.

import type { Measurement, PortEvent } from '../../shared/events/event';
import {
  alertsChannel,
  type Channel,
  eventsChannel,
  kpiChannel,
  parseChannel,
} from '../../shared/live/channels';
import { type KpiRow, kpiColumns } from '../../shared/live/kpi-columns';
import type { ClusterLiveStatus, KpiFrame } from '../../shared/live/messages';
import { type ClientMessage, clientMessageSchema, type ServerMessage } from '../../shared/live/messages';
import { closeCodes, MAX_CHANNELS_PER_MESSAGE } from '../../shared/live/protocol';
import type { Logger } from '../../shared/logger';
import type { SiteInfo } from '../../shared/sites/registry';
import type { AlertFeed } from '../alerts/alert-engine';
import type { EventConsumer, EventOrigin } from '../ingest/event-fanout';
import type { AcceptedEvent } from '../ingest/ingest';
import type { RollingKpis } from '../kpis/rolling-kpis';
import { firstRowAffectedBy } from '../kpis/site-kpis';
import { KpiHistory, rowsToFrame } from './kpi-history';
import type { LiveClient, LiveSocket } from './live-client';
import { SendBudget } from './send-budget';
import { SnapshotBudget } from './snapshot-budget';
import { StreamPositions } from './stream-positions';

export interface HubOptions {
  sites: SiteInfo[];
  kpis: RollingKpis;
  snapshotSeconds: number;
  maxBufferedBytes: number;
  maxClients: number;
  /**
   * With `sendShare`: the longest an event is held back to share a frame with later ones. Without it: the
   * least time between two frames of one events channel. Default 0: one frame per channel per event-loop turn.
   * Sparse events go out at once either way.
   */
  eventFrameMs?: number;
  /**
   * Share of the server's time (0–1] event-frame sends may take before events are held back (see SendBudget):
   * under it every event goes out as soon as it is durable, over it the frames of the next turns are
   * coalesced (at most eventFrameMs). Unset or 0: a fixed gap of eventFrameMs per channel.
   */
  sendShare?: number;
  /** Messages a client may send per 10 s (default 50); more are answered with a rate_limited error. */
  maxMessagesPer10s?: number;
  /** Snapshot bytes a client may pull per minute (default 0: no budget); beyond it a rate_limited error. */
  snapshotBytesPerMin?: number;
  recentEvents?: number;
  version: string;
  storage: () => { kind: 'embedded' | 'influxdb'; lagEvents: number };
  /**
   * Cluster mode: this node and the cluster's health, sent in hello and every status message; frames carry
   * stream seqs and a reconnecting client may resume its events channels by seq.
   */
  cluster?: () => ClusterLiveStatus;
  /** Alerts evaluated on each tick and served on `alerts/<site>`. */
  alerts?: AlertFeed;
  now?: () => number;
  /** Monotonic ms for frame gaps and the send budget (performance.now by default; tests drive their own). */
  monotonicNow?: () => number;
  /**
   * The process's CPU time in ms (process.cpuUsage by default): a flush is charged to the send budget the CPU
   * it used, not its wall time, which on a busy machine includes the time the server waited for a core.
   */
  cpuNow?: () => number;
  log?: Logger;
  /** How refusals name a limit for the operator (the setting behind it); the option's own name by default. */
  limitNames?: Partial<Record<'maxClients' | 'maxMessagesPer10s' | 'snapshotBytesPerMin', string>>;
}

const STATUS_EVERY_MS = 5000;
const LATE_REPAIR_MS = 5000;
/** Seconds a late tick fills in. */
const MAX_FILL_S = 60;
/** Collectors batch for a second or two: only events older than this behind the drawn rows count as late. */
const LATE_TOLERANCE_S = 30;
const DEFAULT_MAX_MESSAGES_PER_10S = 50;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export class LiveHub implements EventConsumer {
  private readonly clients = new Set<LiveClient>();
  private readonly history = new Map<string, KpiHistory>();
  private readonly recent = new Map<string, Record<Measurement, PortEvent[]>>();
  /** Events not yet sent, per site; only kept for sites whose events channel has subscribers. */
  private readonly pendingEvents = new Map<string, PortEvent[]>();
  private flushScheduled = false;
  /** When each site's events channel last got a frame (performance.now()), for eventFrameMs. */
  private readonly lastEventFrameAt = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Adaptive mode (sendShare > 0): the send-time budget, and since when events have been pending. */
  private readonly sendBudget: SendBudget | undefined;
  private pendingSince = 0;
  /** Clients corked during the current batch of sends, uncorked (one write each) when it ends. */
  private corked: LiveClient[] | undefined;
  /** Who follows each channel, so a frame goes to its subscribers without scanning every client. */
  private readonly subscribers = new Map<Channel, Set<LiveClient>>();
  /** Each registry site's events channel id, made (and checked) once rather than per event. */
  private readonly eventsChannels = new Map<string, Channel>();
  /** The last KPI snapshot made per channel, while its history is unchanged (see snapshotText). */
  private readonly kpiSnapshots = new Map<
    Channel,
    { revision: number; seq: number | undefined; text: string }
  >();
  private nextId = 1;
  private lastStatusAt = 0;
  private lastRepairAt = 0;
  /** Sites that got late events → the first epoch second whose KPI row those events changed. */
  private readonly lateFrom = new Map<string, number>();
  readonly counters = {
    connected: 0,
    slowConsumersCut: 0,
    invalidMessages: 0,
    framesSent: 0,
    tooManyClients: 0,
    rateLimited: 0,
    /** Snapshots sent in answer to a subscribe, and their bytes (late-data repairs not included). */
    snapshotsSent: 0,
    snapshotBytes: 0,
    /** Snapshots refused over a client's snapshot budget. */
    snapshotsRefused: 0,
    /** Event flushes put off because the sends were over their share of the time (adaptive mode). */
    eventFlushesHeld: 0,
    /** Cluster mode: events channels resumed by seq after a reconnect, and resumes answered with a snapshot. */
    resumed: 0,
    resumeSnapshots: 0,
  };
  /** Cluster mode: stream seqs of the recent events, for frames and resumes. */
  private readonly positions = new StreamPositions();

  constructor(private readonly opts: HubOptions) {
    if (opts.sendShare)
      this.sendBudget = new SendBudget(opts.sendShare, opts.eventFrameMs ?? 0, this.monotonic());
    for (const s of opts.sites) {
      this.history.set(s.id, new KpiHistory(opts.snapshotSeconds));
      this.recent.set(s.id, { gate_scan: [], weighbridge: [], flight_departure: [] });
      this.eventsChannels.set(s.id, eventsChannel(s.id));
    }
  }

  /** Events of each measurement a site's snapshot holds (the buffer keeps up to twice as many). */
  private get recentPerMeasurement(): number {
    return this.opts.recentEvents ?? 100;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private monotonic(): number {
    return this.opts.monotonicNow ? this.opts.monotonicNow() : performance.now();
  }

  private cpuTime(): number {
    if (this.opts.cpuNow) return this.opts.cpuNow();
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  onEvents(events: AcceptedEvent[], origin: EventOrigin): void {
    if (origin === 'history') {
      this.historyArrived(events);
      return;
    }
    const keep = this.recentPerMeasurement;
    for (const { event, streamSeq } of events) {
      const bySite = this.recent.get(event.site);
      if (!bySite) continue; // not in the registry: stored, but not a live channel
      this.positions.note(event, streamSeq);
      // Kept per measurement, so a busy gate does not push the few departures out of the snapshot.
      const drawnUpTo = this.history.get(event.site)?.lastT;
      if (drawnUpTo !== undefined && event.time < (drawnUpTo - LATE_TOLERANCE_S) * 1000)
        this.markLate(event.site, event.time);
      const recent = bySite[event.measurement];
      recent.push(event);
      if (recent.length > keep * 2)
        this.positions.evicted(event.site, recent.splice(0, recent.length - keep));
      // Nobody follows the site: whoever subscribes later finds the event in its snapshot.
      if (!this.subscribers.get(this.eventsChannels.get(event.site)!)?.size) continue;
      const pending = this.pendingEvents.get(event.site);
      if (pending) pending.push(event);
      else {
        if (this.pendingEvents.size === 0) this.pendingSince = this.monotonic();
        this.pendingEvents.set(event.site, [event]);
      }
    }
    if (this.pendingEvents.size > 0) this.scheduleFlush();
  }

  /**
   * Past events the KPIs just counted from elsewhere (InfluxDB history read at start-up): not news for the
   * events channels, but the KPI rows of their seconds are stale, so they get the late-data repair.
   */
  private historyArrived(events: AcceptedEvent[]): void {
    for (const { event } of events) if (this.history.has(event.site)) this.markLate(event.site, event.time);
  }

  private markLate(site: string, timeMs: number): void {
    const from = firstRowAffectedBy(timeMs);
    const known = this.lateFrom.get(site);
    if (known === undefined || from < known) this.lateFrom.set(site, from);
  }

  /**
   * Ingest calls onEvents once the events are durable; waiting for the tick would add half a tick of latency
   * on average. One flush per event-loop turn: every batch that completes in the same turn shares its frames,
   * and a channel that had a frame less than eventFrameMs ago waits for its next slot.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushEvents();
    });
  }

  private flushEvents(): void {
    if (this.pendingEvents.size === 0) return;
    if (this.sendBudget) this.flushWithinBudget(this.sendBudget);
    else this.flushWithFixedGap();
  }

  /** Adaptive mode: all pending channels in one batch, or none until the send budget allows it. */
  private flushWithinBudget(budget: SendBudget): void {
    const start = this.monotonic();
    const hold = budget.holdMs(start, this.pendingSince);
    if (hold > 0) {
      this.counters.eventFlushesHeld++;
      this.flushLater(hold);
      return;
    }
    const cpuStart = this.cpuTime();
    this.batch(() => {
      for (const [site, events] of this.pendingEvents) this.sendEvents(site, events);
    });
    this.pendingEvents.clear();
    clearTimeout(this.flushTimer); // set for what was just sent
    this.flushTimer = undefined;
    const end = this.monotonic();
    // The CPU the sends took (all threads: capped by the wall time); a flush preempted by other processes
    // must not hold the next events back for the time it waited.
    budget.spend(Math.min(end - start, this.cpuTime() - cpuStart), end);
  }

  private flushWithFixedGap(): void {
    const minGap = this.opts.eventFrameMs ?? 0;
    const now = this.monotonic();
    let wait = Number.POSITIVE_INFINITY;
    this.batch(() => {
      for (const [site, events] of this.pendingEvents) {
        if (minGap > 0) {
          const due = (this.lastEventFrameAt.get(site) ?? Number.NEGATIVE_INFINITY) + minGap;
          if (due > now) {
            wait = Math.min(wait, due - now);
            continue;
          }
          this.lastEventFrameAt.set(site, now);
        }
        this.sendEvents(site, events);
        this.pendingEvents.delete(site);
      }
    });
    if (wait !== Number.POSITIVE_INFINITY) this.flushLater(wait);
  }

  private sendEvents(site: string, events: PortEvent[]): void {
    this.broadcastEvents(eventsChannel(site), events);
  }

  private flushLater(ms: number): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushEvents();
    }, Math.ceil(ms));
    this.flushTimer.unref();
  }

  /**
   * Runs `send` with every socket it writes to corked: a client due several frames (events, KPI rows and
   * alerts of its sites) gets them in one socket write instead of one per frame.
   */
  private batch(send: () => void): void {
    if (this.corked) {
      send();
      return;
    }
    const corked: LiveClient[] = [];
    this.corked = corked;
    try {
      send();
    } finally {
      this.corked = undefined;
      for (const c of corked) {
        c.corked = false;
        c.socket.uncork?.();
      }
    }
  }

  /** The recent events of every site (live-state checkpoint; the KPI rows are rebuilt from the KPIs). */
  exportRecent(): Record<string, Record<Measurement, PortEvent[]>> {
    // Copies of the lists (the hub appends to them in place), so a save may encode them over several turns.
    const copy = (bySite: Record<Measurement, PortEvent[]>) =>
      Object.fromEntries(Object.entries(bySite).map(([m, list]) => [m, list.slice()])) as Record<
        Measurement,
        PortEvent[]
      >;
    return Object.fromEntries([...this.recent].map(([site, bySite]) => [site, copy(bySite)]));
  }

  importRecent(recent: Record<string, Record<Measurement, PortEvent[]>>): void {
    for (const [site, bySite] of Object.entries(recent))
      if (this.recent.has(site)) this.recent.set(site, bySite);
  }

  /** Rebuilds KPI history from the rolling windows (after a replay at start-up), one row per second. */
  backfillHistory(): void {
    for (const site of this.history.keys()) this.recomputeHistory(site, Number.NEGATIVE_INFINITY);
    this.lateFrom.clear();
  }

  /**
   * Makes a site's KPI history one row per second of the snapshot window, computed from the rolling windows,
   * recomputing the rows from epoch second `fromS` on. Earlier rows are kept where they run unbroken from
   * the window's start; a hole (a tick stalled past MAX_FILL_S) or a history younger than the window is
   * filled from there, so the result has the same rows as a rebuild of the whole window.
   */
  private recomputeHistory(site: string, fromS: number): KpiHistory {
    const nowS = Math.floor(this.now() / 1000);
    const firstS = nowS - this.opts.snapshotSeconds + 1;
    const h = this.history.get(site)!;
    const from = Math.min(Math.max(fromS, firstS), h.firstMissing(firstS), nowS);
    h.dropFrom(from);
    for (let t = from; t <= nowS; t++) h.push(t, this.opts.kpis.row(site, t * 1000));
    return h;
  }

  /**
   * Events that arrive after the rows for their time were drawn (a collector's backlog, a replay) make those
   * rows wrong: at most every LATE_REPAIR_MS such sites get the rows from their earliest late event on
   * recomputed and subscribers a fresh snapshot, so charts show the backfilled past instead of a gap.
   */
  private repairLateSites(now: number): void {
    if (this.lateFrom.size === 0 || now - this.lastRepairAt < LATE_REPAIR_MS) return;
    this.lastRepairAt = now;
    for (const site of [...this.lateFrom.keys()]) this.repairSite(site);
  }

  /**
   * A site's KPI history with its late data repaired now (and its subscribers sent the repaired snapshot):
   * a new subscriber or a history request must not get rows the next periodic repair is about to change.
   */
  private repairedHistory(site: string): KpiHistory | undefined {
    if (this.lateFrom.has(site)) this.repairSite(site);
    return this.history.get(site);
  }

  private repairSite(site: string): void {
    const fromS = this.lateFrom.get(site);
    if (fromS === undefined) return;
    this.lateFrom.delete(site);
    const h = this.recomputeHistory(site, fromS);
    const channel = kpiChannel(site);
    if (!this.subscribers.get(channel)?.size) return;
    this.broadcast(
      channel,
      JSON.stringify({
        type: 'snapshot',
        channel,
        kind: 'kpi',
        frame: h.frame(),
        ...this.seqField(this.positions.highestSeq),
      } satisfies ServerMessage),
    );
  }

  connect(socket: LiveSocket): LiveClient {
    const client: LiveClient = {
      id: this.nextId++,
      socket,
      channels: new Set(),
      messageTimes: [],
      snapshotBudget: new SnapshotBudget(this.opts.snapshotBytesPerMin ?? 0, () => this.now()),
      closed: false,
    };
    if (this.clients.size >= this.opts.maxClients) {
      client.closed = true;
      this.counters.tooManyClients++;
      socket.close(
        closeCodes.tooManyClients,
        `too many live clients (${this.opts.limitNames?.maxClients ?? 'maxClients'}=${this.opts.maxClients})`,
      );
      return client;
    }
    this.clients.add(client);
    this.counters.connected++;
    this.send(client, {
      type: 'hello',
      serverTime: this.now(),
      version: this.opts.version,
      sites: this.opts.sites,
      kpiColumns: [...kpiColumns],
      limits: { snapshotSeconds: this.opts.snapshotSeconds, maxChannels: MAX_CHANNELS_PER_MESSAGE },
      ...this.clusterHello(),
    });
    this.sendStatus([client]);
    return client;
  }

  private clusterHello(): { node?: string; epoch?: string; peers?: { node: string; url: string }[] } {
    if (!this.opts.cluster) return {};
    const { node, epoch, peers } = this.opts.cluster();
    return { node, ...(epoch ? { epoch } : {}), ...(peers ? { peers } : {}) };
  }

  disconnect(client: LiveClient): void {
    client.closed = true;
    this.clients.delete(client);
    for (const channel of client.channels) this.unsubscribe(client, channel);
  }

  private subscribe(client: LiveClient, channel: Channel): void {
    client.channels.add(channel);
    const set = this.subscribers.get(channel);
    if (set) set.add(client);
    else this.subscribers.set(channel, new Set([client]));
  }

  /** Leaves client.channels alone: disconnect iterates it. */
  private unsubscribe(client: LiveClient, channel: Channel): void {
    const set = this.subscribers.get(channel);
    set?.delete(client);
    if (set?.size === 0) this.subscribers.delete(channel);
  }

  /** A client's message: a text frame, or a binary frame (its bytes are taken as the UTF-8 JSON text). */
  message(client: LiveClient, data: string | Uint8Array): void {
    if (client.closed) return;
    const now = this.now();
    client.messageTimes = client.messageTimes.filter((t) => now - t < 10_000);
    client.messageTimes.push(now);
    const maxMessages = this.opts.maxMessagesPer10s ?? DEFAULT_MAX_MESSAGES_PER_10S;
    if (client.messageTimes.length > maxMessages) {
      // Only the allowed window is kept, so a flooding client cannot grow the list.
      client.messageTimes.splice(0, client.messageTimes.length - maxMessages - 1);
      this.counters.rateLimited++;
      this.reject(
        client,
        'rate_limited',
        `more than ${maxMessages} messages in 10 s (${this.opts.limitNames?.maxMessagesPer10s ?? 'maxMessagesPer10s'})`,
      );
      return;
    }
    let text: string;
    try {
      text = typeof data === 'string' ? data : strictUtf8.decode(data);
    } catch {
      this.reject(client, 'invalid', 'binary message is not UTF-8 text: send the JSON message as text');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.reject(client, 'invalid', 'message is not JSON');
      return;
    }
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      this.reject(client, 'invalid', `bad message: ${i.path.join('.') || 'type'}: ${i.message}`);
      return;
    }
    this.handle(client, parsed.data);
  }

  private reject(client: LiveClient, code: string, message: string): void {
    this.counters.invalidMessages++;
    this.send(client, { type: 'error', code, message });
  }

  private handle(client: LiveClient, msg: ClientMessage): void {
    if (msg.type === 'ping') {
      this.sendStatus([client]);
      return;
    }
    const epoch = this.opts.cluster?.().epoch;
    const resumeFrom =
      msg.type === 'subscribe' && msg.resume
        ? new Map(msg.resume.after.map((r) => [r.channel, r.seq]))
        : undefined;
    const sameEpoch = msg.type === 'subscribe' && epoch !== undefined && msg.resume?.epoch === epoch;
    // A channel named twice in one message is one channel.
    for (const channel of new Set(msg.channels)) {
      const { site } = parseChannel(channel);
      if (!this.history.has(site)) {
        this.reject(client, 'not_found', `unknown site "${site}" in channel ${channel}`);
        continue;
      }
      if (msg.type === 'unsubscribe') {
        client.channels.delete(channel);
        this.unsubscribe(client, channel);
        continue;
      }
      // Already following it: the appends carry on, and its history is sent again only when asked for.
      const subscribed = client.channels.has(channel);
      if (subscribed && !msg.resync) continue;
      const after = resumeFrom?.get(channel);
      if (after !== undefined && !subscribed && parseChannel(channel).kind === 'events') {
        if (sameEpoch && this.resume(client, channel, after)) continue;
        this.counters.resumeSnapshots++;
      }
      this.sendSnapshot(client, channel, subscribed);
    }
  }

  /** Subscribes the client and sends the channel's snapshot, within the client's snapshot budget. */
  private sendSnapshot(client: LiveClient, channel: Channel, subscribed: boolean): void {
    const wait = client.snapshotBudget.waitMs();
    if (wait > 0) {
      this.counters.snapshotsRefused++;
      this.counters.rateLimited++;
      this.reject(
        client,
        'rate_limited',
        `snapshot of ${channel} not sent: over ${client.snapshotBudget.bytesPerMinute} snapshot bytes per minute (${this.opts.limitNames?.snapshotBytesPerMin ?? 'snapshotBytesPerMin'}); ${subscribed ? 'still subscribed, ask for a resync' : 'not subscribed, subscribe again'} in ${Math.ceil(wait / 1000)} s`,
      );
      return;
    }
    // The snapshot first (it may repair late rows and broadcast them to the channel's current subscribers).
    const frame = this.snapshotText(channel);
    this.subscribe(client, channel);
    this.sendRaw(client, frame);
    const bytes = Buffer.byteLength(frame);
    client.snapshotBudget.spend(bytes);
    this.counters.snapshotsSent++;
    this.counters.snapshotBytes += bytes;
  }

  /**
   * A channel's snapshot as sent. A KPI snapshot (an hour of rows: ≈ 300 KB of JSON) is made once per
   * revision of the site's history and shared by every client subscribing before the next row: a wall of
   * displays connecting at once made one each, hundreds of MB of garbage that stayed in the heap's RSS.
   */
  private snapshotText(channel: Channel): string {
    const { kind, site } = parseChannel(channel);
    if (kind !== 'kpi') return JSON.stringify(this.snapshotOf(channel));
    const revision = this.repairedHistory(site)!.revision;
    const seq = this.opts.cluster ? this.positions.highestSeq : undefined;
    const cached = this.kpiSnapshots.get(channel);
    if (cached && cached.revision === revision && cached.seq === seq) return cached.text;
    const text = JSON.stringify(this.snapshotOf(channel));
    this.kpiSnapshots.set(channel, { revision, seq, text });
    return text;
  }

  private snapshotOf(channel: Channel): ServerMessage {
    const { kind, site } = parseChannel(channel);
    if (kind === 'kpi')
      return {
        type: 'snapshot',
        channel,
        kind,
        frame: this.repairedHistory(site)!.frame(),
        ...this.seqField(this.positions.highestSeq),
      };
    if (kind === 'alerts') {
      const set = this.opts.alerts?.snapshot(site) ?? { active: [], recent: [] };
      return { type: 'snapshot', channel, kind, ...set };
    }
    const keep = this.recentPerMeasurement;
    // Events not broadcast yet are left out: the next append brings them to this client too.
    const pending = this.pendingEvents.get(site);
    const unsent = new Set(pending);
    const events = Object.values(this.recent.get(site) ?? {})
      .flatMap((list) => list.filter((e) => !unsent.has(e)).slice(-keep))
      .sort((a, b) => a.time - b.time);
    return {
      type: 'snapshot',
      channel,
      kind: 'events',
      events,
      ...this.seqField(this.positions.sentSeq(pending)),
    };
  }

  /** `{ seq }` in cluster mode, nothing on a single process (its frames stay as they were). */
  private seqField(seq: number | undefined): { seq?: number } {
    return this.opts.cluster && seq !== undefined ? { seq } : {};
  }

  /** Cluster mode: events before this stream seq were replayed from the local log (see StreamPositions). */
  setStreamFloor(seq: number): void {
    this.positions.setFloor(seq);
  }

  /**
   * A reconnecting client's resume of an events channel: the events after its seq that this node still holds
   * (not the ones waiting for the next append, which reaches it as a subscriber). False when the buffer has a
   * gap there: the caller sends the snapshot. A client ahead of this node (it saw seqs this node has not
   * applied yet) gets the events up to its seq filtered out of its next frames.
   */
  private resume(client: LiveClient, channel: Channel, after: number): boolean {
    const { site } = parseChannel(channel);
    if (!this.positions.canResume(site, after)) return false;
    const pending = this.pendingEvents.get(site);
    const unsent = new Set(pending);
    const sentSeq = this.positions.sentSeq(pending);
    const missed = Object.values(this.recent.get(site) ?? {})
      .flat()
      .filter((e) => !unsent.has(e) && (this.positions.seq(e) ?? 0) > after)
      .sort((a, b) => this.positions.seq(a)! - this.positions.seq(b)! || a.time - b.time);
    this.subscribe(client, channel);
    if (after > sentSeq) {
      client.resumeSkip ??= new Map();
      client.resumeSkip.set(channel, after);
    }
    this.send(client, {
      type: 'append',
      channel,
      kind: 'events',
      events: missed,
      seq: Math.max(after, sentSeq),
    });
    this.counters.resumed++;
    return true;
  }

  /** An events frame to a channel's subscribers (a resumed client ahead of this node gets only what is new). */
  private broadcastEvents(channel: Channel, events: PortEvent[]): void {
    const subscribers = this.subscribers.get(channel);
    if (!subscribers) return;
    const seq = this.positions.frameSeq(events);
    const frame = (list: PortEvent[]) =>
      JSON.stringify({
        type: 'append',
        channel,
        kind: 'events',
        events: list,
        ...this.seqField(seq),
      } satisfies ServerMessage);
    const shared = frame(events);
    for (const client of subscribers) {
      const skip = client.resumeSkip?.get(channel);
      if (skip === undefined) {
        this.sendRaw(client, shared);
        continue;
      }
      // Frames come in stream order: once one reaches the client's seq, the next ones are all new to it.
      if (seq === undefined || seq >= skip) client.resumeSkip!.delete(channel);
      const fresh = events.filter((e) => (this.positions.seq(e) ?? 0) > skip);
      if (fresh.length > 0) this.sendRaw(client, frame(fresh));
    }
  }

  /** The KPI rows the live channel sent for a site with t > sinceT (what GET /api/kpis/history serves). */
  kpiRows(site: string, sinceT?: number): KpiFrame | undefined {
    return this.repairedHistory(site)?.frame(sinceT);
  }

  /** One broadcast tick: a KPI row per site (once per second), alert changes, and any events not yet sent. */
  tick(): void {
    this.batch(() => this.tickFrames());
  }

  private tickFrames(): void {
    const now = this.now();
    this.flushEvents();
    this.repairLateSites(now);
    // Snapshots of histories that got rows since are not sent again: not kept either.
    for (const [channel, cached] of this.kpiSnapshots)
      if (this.history.get(parseChannel(channel).site)?.revision !== cached.revision)
        this.kpiSnapshots.delete(channel);
    const t = Math.floor(now / 1000);
    for (const [site, h] of this.history) {
      if (h.lastT === undefined || t > h.lastT) {
        // A tick that comes late (a busy event loop) still draws every second it missed, so charts
        // have no holes; beyond MAX_FILL_S the late-data repair's snapshot is the cure.
        const from = h.lastT === undefined ? t : Math.max(h.lastT + 1, t - MAX_FILL_S + 1);
        const rows: [number, KpiRow][] = [];
        for (let s = from; s <= t; s++) rows.push([s, this.opts.kpis.row(site, s === t ? now : s * 1000)]);
        for (const [s, row] of rows) h.push(s, row);
        const channel = kpiChannel(site);
        if (!this.subscribers.get(channel)?.size) continue;
        this.broadcast(
          channel,
          JSON.stringify({
            type: 'append',
            channel,
            kind: 'kpi',
            frame: rowsToFrame(rows),
            ...this.seqField(this.positions.highestSeq),
          } satisfies ServerMessage),
        );
      }
    }
    this.opts.alerts?.evaluate(now);
    this.flushAlerts();
    if (now - this.lastStatusAt >= STATUS_EVERY_MS) {
      this.lastStatusAt = now;
      this.sendStatus([...this.clients]);
    }
  }

  /** Broadcasts the alerts changed since the last flush (on each tick, and at once after an acknowledgement). */
  flushAlerts(): void {
    for (const [site, alerts] of this.opts.alerts?.drainChanges() ?? []) {
      const channel = alertsChannel(site);
      this.broadcast(
        channel,
        JSON.stringify({ type: 'append', channel, kind: 'alerts', alerts } satisfies ServerMessage),
      );
    }
  }

  /**
   * Sends one serialised frame to every subscriber of a channel. The same string goes to each socket in a
   * row, so the live endpoint's BroadcastWebSocket encodes it to UTF-8 once for all of them.
   */
  private broadcast(channel: Channel, frame: string): void {
    const subscribers = this.subscribers.get(channel);
    if (!subscribers) return;
    for (const client of subscribers) this.sendRaw(client, frame);
  }

  private sendStatus(clients: LiveClient[]): void {
    const storage = this.opts.storage();
    const frame = JSON.stringify({
      type: 'status',
      serverTime: this.now(),
      lastEventAt: this.opts.kpis.lastEventAt(),
      influxLagEvents: storage.lagEvents,
      storage: storage.kind,
      ...(this.opts.cluster ? { cluster: this.opts.cluster() } : {}),
    } satisfies ServerMessage);
    for (const c of clients) this.sendRaw(c, frame);
  }

  private send(client: LiveClient, msg: ServerMessage): void {
    this.sendRaw(client, JSON.stringify(msg));
  }

  private sendRaw(client: LiveClient, frame: string): void {
    if (client.closed) return;
    // While corked, the socket's queue holds this batch's own frames too: judge the backlog the client had when
    // the batch began, or one large batch would cut a client that reads everything.
    const backlog = client.corked ? (client.backlogAtCork ?? 0) : client.socket.bufferedAmount();
    if (backlog > this.opts.maxBufferedBytes) {
      this.counters.slowConsumersCut++;
      this.opts.log?.(
        'warn',
        `live: cutting slow client #${client.id} (send queue over ${this.opts.maxBufferedBytes} bytes)`,
      );
      client.socket.close(closeCodes.slowConsumer, 'slow consumer: send queue over limit');
      this.disconnect(client);
      return;
    }
    if (this.corked && !client.corked && client.socket.cork) {
      client.backlogAtCork = backlog;
      client.socket.cork();
      client.corked = true;
      this.corked.push(client);
    }
    client.socket.send(frame);
    this.counters.framesSent++;
  }

  closeAll(reason: string): void {
    for (const c of this.clients) {
      c.socket.close(closeCodes.shutdown, reason);
      this.disconnect(c);
    }
  }
}

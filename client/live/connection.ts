// The live WebSocket to /api/live: validates every server message at the edge, keeps the wanted channels
// subscribed across reconnects, and reconnects with backoff (also when the socket goes silent). In cluster mode
// it remembers the last stream seq of each events channel and resumes from it after a reconnect (the server
// sends only what was missed, or the snapshot when it cannot), drops a frame it already has, and alternates
// its reconnects between its own URL (the balancer) and the peers the last hello listed.

import { type BackoffOptions, backoffDelay } from '../../shared/backoff';
import type { Channel } from '../../shared/live/channels';
import {
  type ClientMessage,
  type Peer,
  type ServerMessage,
  serverMessageSchema,
} from '../../shared/live/messages';
import { closeCodes } from '../../shared/live/protocol';
import type { Logger, LogLevel } from '../../shared/logger';
import { log as consoleLog } from '../log';
import { browserSocket, type SocketFactory, type SocketLike } from './socket';

export { liveUrl } from './socket';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface LiveConnectionOptions {
  /** The endpoint, or a function giving it for each attempt (e.g. with a fresh one-time ticket). */
  url: string | (() => string | Promise<string>);
  createSocket?: SocketFactory;
  backoff?: BackoffOptions;
  random?: () => number;
  /** Reconnect when nothing arrives for this long while open (the server sends status every ~5 s). */
  silenceTimeoutMs?: number;
  /**
   * Cluster mode: the endpoint on another node (from hello's peers) for every other reconnect attempt; without
   * it every attempt goes to `url` (e.g. a balancer in front of the nodes).
   */
  peerUrl?: (peer: Peer) => string | Promise<string>;
  log?: Logger;
}

/** Reconnect schedule of the browser: equal jitter, the first retry within 0.5 s, never more than 30 s apart. */
const defaultBackoff: BackoffOptions = { minMs: 500, maxMs: 30_000, factor: [0.5, 1] };

export class LiveConnection {
  state: ConnectionState = 'closed';
  /** Epoch ms of the next reconnect attempt while closed (undefined when none is planned). */
  retryAt: number | undefined;
  readonly stats = {
    received: 0,
    invalidMessages: 0,
    reconnects: 0,
    /** Cluster mode: events channels resumed by seq after a reconnect, and those answered with a snapshot. */
    resumed: 0,
    resumeSnapshots: 0,
    /** Events frames dropped because their seq was already seen. */
    duplicateFrames: 0,
  };
  /** Cluster mode: the node this connection is on (from hello). */
  node: string | undefined;
  private socket: SocketLike | undefined;
  private readonly channels = new Set<Channel>();
  private readonly messageListeners = new Set<(m: ServerMessage) => void>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  /** Counts connect attempts, so a ticket that arrives after a newer attempt (or a stop) is ignored. */
  private attemptSeq = 0;
  /** Cluster mode: the stream's epoch (hello), the last seq of each events channel, the other nodes up. */
  private epoch: string | undefined;
  private readonly seqs = new Map<Channel, number>();
  private peers: Peer[] = [];
  /** Channels whose resume was asked for on this connection and not answered yet. */
  private resuming = new Set<Channel>();

  constructor(private readonly opts: LiveConnectionOptions) {}

  onMessage(listener: (m: ServerMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    this.retryAt = undefined;
    const s = this.socket;
    this.socket = undefined;
    s?.close(closeCodes.normal, 'client stopped');
    this.setState('closed');
  }

  /** The channels to keep subscribed: sends only the difference now, and the whole set after a reconnect. */
  setSubscriptions(channels: readonly Channel[]): void {
    const wanted = new Set(channels);
    const removed = [...this.channels].filter((c) => !wanted.has(c));
    const added = [...wanted].filter((c) => !this.channels.has(c));
    this.channels.clear();
    for (const c of wanted) this.channels.add(c);
    for (const c of removed) this.seqs.delete(c);
    if (removed.length > 0) this.send({ type: 'unsubscribe', channels: removed });
    if (added.length > 0) this.send({ type: 'subscribe', channels: added });
  }

  /**
   * Asks for the snapshots of channels already subscribed again (our copy has a gap): the server sends a
   * subscribed channel's snapshot a second time only when asked like this.
   */
  resync(channels: readonly Channel[]): void {
    const subscribed = channels.filter((c) => this.channels.has(c));
    if (subscribed.length > 0) this.send({ type: 'subscribe', channels: subscribed, resync: true });
  }

  private send(msg: ClientMessage): void {
    if (this.state === 'open') this.socket?.send(JSON.stringify(msg));
  }

  private connect(): void {
    this.retryAt = undefined;
    this.setState('connecting');
    const peer = this.nextPeer();
    const url = peer
      ? this.opts.peerUrl!(peer)
      : typeof this.opts.url === 'string'
        ? this.opts.url
        : this.opts.url();
    if (typeof url === 'string') {
      this.openSocket(url);
      return;
    }
    const seq = ++this.attemptSeq;
    const current = () => !this.stopped && seq === this.attemptSeq;
    this.armSilenceTimer(); // a ticket request that hangs is retried like a silent socket
    url.then(
      (u) => current() && this.openSocket(u),
      (e: unknown) => current() && this.lost(`not authorized (${(e as Error).message ?? e})`),
    );
  }

  private openSocket(url: string): void {
    const factory = this.opts.createSocket ?? browserSocket;
    const socket: SocketLike = factory(url, {
      open: () => socket === this.socket && this.opened(),
      message: (data) => socket === this.socket && this.received(data),
      close: (code, reason) =>
        socket === this.socket && this.lost(`closed (${code}${reason ? `: ${reason}` : ''})`),
    });
    this.socket = socket;
    this.armSilenceTimer(); // a connect that hangs is retried like a silent socket
  }

  /** Every other reconnect (the 1st, 3rd, …) goes to a peer, when there are peers and a way to reach them. */
  private nextPeer(): Peer | undefined {
    if (!this.opts.peerUrl || this.peers.length === 0 || this.attempt % 2 === 0) return undefined;
    return this.peers[((this.attempt - 1) / 2) % this.peers.length];
  }

  private opened(): void {
    this.setState('open');
    this.armSilenceTimer();
    if (this.channels.size === 0) return;
    const after = [...this.channels].flatMap((channel) => {
      const seq = this.seqs.get(channel);
      return seq === undefined ? [] : [{ channel, seq }];
    });
    const resume = this.epoch !== undefined && after.length > 0 ? { epoch: this.epoch, after } : undefined;
    this.resuming = new Set(resume ? after.map((a) => a.channel) : []);
    this.send({ type: 'subscribe', channels: [...this.channels], ...(resume ? { resume } : {}) });
  }

  /** Cluster bookkeeping of one message; false for an events frame this connection already had. */
  private track(msg: ServerMessage): boolean {
    if (msg.type === 'hello') {
      if (msg.epoch !== this.epoch) this.seqs.clear();
      this.epoch = msg.epoch;
      this.node = msg.node;
      this.peers = othersFirst(msg.peers ?? [], msg.node);
    } else if (msg.type === 'status' && msg.cluster?.peers) {
      this.peers = othersFirst(msg.cluster.peers, this.node);
    } else if ((msg.type === 'snapshot' || msg.type === 'append') && msg.kind === 'events') {
      if (this.resuming.delete(msg.channel)) {
        if (msg.type === 'snapshot') this.stats.resumeSnapshots++;
        else this.stats.resumed++;
      }
      if (msg.seq === undefined) return true;
      const last = this.seqs.get(msg.channel);
      if (msg.type === 'append' && last !== undefined && msg.seq <= last && msg.events.length > 0) {
        this.stats.duplicateFrames++;
        return false;
      }
      this.seqs.set(msg.channel, msg.type === 'append' ? Math.max(last ?? 0, msg.seq) : msg.seq);
    }
    return true;
  }

  private received(data: unknown): void {
    this.armSilenceTimer();
    this.stats.received++;
    let json: unknown;
    try {
      json = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      this.invalid('message is not JSON');
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.invalid(`invalid ${String((json as { type?: unknown })?.type)} message`, issue);
      return;
    }
    const msg = parsed.data;
    if (!this.track(msg)) return;
    if (msg.type === 'hello') this.attempt = 0; // the server really answers: start the backoff afresh
    if (msg.type === 'error') this.log('warn', `server error ${msg.code}: ${msg.message}`);
    for (const l of this.messageListeners) {
      try {
        l(msg);
      } catch (e) {
        this.log('error', 'live message listener failed', { error: e });
      }
    }
  }

  private invalid(message: string, detail?: unknown): void {
    this.stats.invalidMessages++;
    this.log('warn', `live: dropped ${message}`, detail === undefined ? undefined : { detail });
  }

  private lost(why: string): void {
    clearTimeout(this.silenceTimer);
    this.attemptSeq++; // a ticket still on its way belongs to this failed attempt
    const old = this.socket;
    this.socket = undefined;
    old?.close(closeCodes.clientRetry, why);
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, {
      ...(this.opts.backoff ?? defaultBackoff),
      random: this.opts.random ?? Math.random,
    });
    this.log('info', `live: connection ${why}; retrying in ${delay} ms`);
    this.retryAt = Date.now() + delay;
    this.setState('closed');
    this.retryTimer = setTimeout(() => {
      this.stats.reconnects++;
      this.connect();
    }, delay);
  }

  private armSilenceTimer(): void {
    clearTimeout(this.silenceTimer);
    const ms = this.opts.silenceTimeoutMs ?? 20_000;
    this.silenceTimer = setTimeout(() => this.lost(`silent for ${ms} ms`), ms);
  }

  private setState(s: ConnectionState): void {
    if (s === this.state) return;
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  private log(level: LogLevel, message: string, extra?: Record<string, unknown>): void {
    (this.opts.log ?? consoleLog)(level, message, extra);
  }
}

/** The nodes to reconnect to: the others first, the one we were on last (it may be the balancer that failed). */
function othersFirst(peers: readonly Peer[], current: string | undefined): Peer[] {
  return [...peers.filter((p) => p.node !== current), ...peers.filter((p) => p.node === current)];
}

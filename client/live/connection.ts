// The live WebSocket to /api/live: validates every server message at the edge, keeps the wanted channels
// subscribed across reconnects, and reconnects with backoff (also when the socket goes silent).

import { type BackoffOptions, backoffDelay } from '../../shared/backoff';
import type { Channel } from '../../shared/live/channels';
import { type ClientMessage, type ServerMessage, serverMessageSchema } from '../../shared/live/messages';
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
  log?: Logger;
}

/** Reconnect schedule of the browser: equal jitter, the first retry within 0.5 s, never more than 30 s apart. */
const defaultBackoff: BackoffOptions = { minMs: 500, maxMs: 30_000, factor: [0.5, 1] };

export class LiveConnection {
  state: ConnectionState = 'closed';
  /** Epoch ms of the next reconnect attempt while closed (undefined when none is planned). */
  retryAt: number | undefined;
  readonly stats = { received: 0, invalidMessages: 0, reconnects: 0 };
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
    const url = typeof this.opts.url === 'string' ? this.opts.url : this.opts.url();
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

  private opened(): void {
    this.setState('open');
    this.armSilenceTimer();
    if (this.channels.size > 0) this.send({ type: 'subscribe', channels: [...this.channels] });
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

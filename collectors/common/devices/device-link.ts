// A byte link to a device that keeps itself up: a TCP client (serial-over-IP converters) or a device path
// (a serial port opened with its line settings, a FIFO, a file: see device-path.ts). When the link drops,
// errors, or stays silent longer than idleTimeoutMs (half-open TCP is common with converters, a replugged USB
// adapter comes back under the same path), it reconnects with exponential backoff. A device path that cannot
// be opened at start is a configuration error: start() rejects with the path and the OS error.
import { connect } from 'node:net';
import { Backoff, type BackoffOptions } from '../../../shared/backoff';
import { type Connection, openDevicePath, socketConnection } from './device-path';
import type { SerialLine } from './serial-line';
import type { SerialPortClass } from './serial-port';

export type LinkTarget = { tcp: { host: string; port: number } } | { device: string; line: SerialLine };

export const describeTarget = (t: LinkTarget) =>
  'tcp' in t ? `tcp://${t.tcp.host}:${t.tcp.port}` : t.device;

export interface LinkHandlers {
  data(chunk: Buffer): void;
  up(): void;
  down(reason: string): void;
}

export interface DeviceLinkOptions {
  backoff: BackoffOptions;
  /** Reconnect when no byte arrived for this long (0: never). */
  idleTimeoutMs: number;
  /** The serialport class (tests pass SerialPortMock). */
  serialPort?: SerialPortClass;
}

export class DeviceLink {
  connected = false;
  reconnects = 0;
  lastError: string | undefined;
  private readonly backoff: Backoff;
  private conn: Connection | undefined;
  /** Numbers the connection attempts, so that each is lost once and late events of old ones are ignored. */
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastData = 0;
  private stopped = false;
  private handlers: LinkHandlers | undefined;

  constructor(
    readonly target: LinkTarget,
    private readonly options: DeviceLinkOptions,
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  /** Connects, and keeps connecting. A device path is opened before this resolves (rejects if it cannot be). */
  async start(handlers: LinkHandlers): Promise<void> {
    this.stopped = false;
    this.handlers = handlers;
    const first = this.connectSafely();
    if ('device' in this.target) {
      const failure = await first;
      if (failure) {
        await this.stop();
        throw failure;
      }
    }
    if (this.options.idleTimeoutMs > 0) {
      this.idleTimer = setInterval(
        () => {
          if (this.connected && Date.now() - this.lastData > this.options.idleTimeoutMs)
            this.drop(`no data for ${this.options.idleTimeoutMs} ms`);
        },
        Math.min(1000, this.options.idleTimeoutMs / 2),
      );
    }
  }

  /** Sends bytes (MT-SICS commands); false when the link is down. */
  write(bytes: Buffer): boolean {
    const c = this.conn;
    if (!this.connected || !c) return false;
    const attempt = this.attempt;
    c.write(bytes, (e) => {
      if (attempt === this.attempt) this.drop(`write failed: ${e.message}`);
    });
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.attempt++; // whatever the current connection does now is no news
    clearTimeout(this.retryTimer);
    clearInterval(this.idleTimer);
    this.conn?.release();
    this.conn = undefined;
    this.connected = false;
  }

  /** Gives up the current connection now and schedules the reconnect. */
  private drop(reason: string): void {
    const c = this.conn;
    this.lost(this.attempt, reason);
    c?.release(reason);
  }

  /** One connection attempt; resolves to its error when it failed (the retry is then scheduled). */
  private connectSafely(): Promise<Error | undefined> {
    const attempt = ++this.attempt;
    return this.connect(attempt).then(
      () => undefined,
      (e: Error) => {
        this.lost(attempt, e.message);
        return e;
      },
    );
  }

  private async connect(attempt: number): Promise<void> {
    const h = this.handlers!;
    const onUp = () => {
      if (attempt !== this.attempt) return;
      this.connected = true;
      this.lastError = undefined;
      this.lastData = Date.now();
      this.backoff.reset();
      h.up();
    };
    const listen = (c: Connection, closed: string) => {
      c.input.on('data', (chunk: Buffer) => {
        if (attempt !== this.attempt) return;
        this.lastData = Date.now();
        h.data(chunk);
      });
      c.input.on('error', (e: Error) => {
        if (attempt === this.attempt) this.lastError = e.message;
      });
      // A serial port's close carries the disconnect error (EIO, ENXIO: the adapter is gone).
      c.input.on('close', (e?: Error | boolean | null) =>
        this.lost(attempt, (e instanceof Error ? e.message : undefined) ?? this.lastError ?? closed),
      );
      c.input.on('end', () => c.release());
    };

    if ('tcp' in this.target) {
      const socket = connect({ host: this.target.tcp.host, port: this.target.tcp.port });
      this.conn = socketConnection(socket);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      socket.on('connect', onUp);
      listen(this.conn, 'connection closed');
      return;
    }
    const c = await openDevicePath(this.target.device, this.target.line, this.options.serialPort);
    if (attempt !== this.attempt) return c.release();
    this.conn = c;
    listen(c, 'device closed');
    onUp();
  }

  /** The link of attempt `attempt` is gone: reports it (once) and schedules the next attempt. */
  private lost(attempt: number, reason: string): void {
    if (attempt !== this.attempt) return;
    this.attempt++;
    const was = this.connected;
    this.connected = false;
    this.conn = undefined;
    this.lastError = reason;
    if (this.stopped) return;
    if (was) this.handlers?.down(reason);
    this.reconnects++;
    this.retryTimer = setTimeout(() => void this.connectSafely(), this.backoff.next());
  }
}

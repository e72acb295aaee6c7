// A byte link to a device that keeps itself up: a TCP client (serial-over-IP converters) or a device path
// (a serial port the operator configured with stty, or a FIFO). When the link drops, errors, or stays silent
// longer than idleTimeoutMs (half-open TCP is common with converters), it reconnects with exponential
// backoff. No serial-port package: a tty or FIFO opened non-blocking is read through the event loop like a
// socket. Other paths (a plain file) are read with fs streams; not a tty or FIFO, because a blocking read of a
// silent device holds a libuv thread until the device speaks, closing the file does not release it, and a
// few idle reconnects would take the 4 threads every fs call of the process (the spool) needs.
import { close, constants, createReadStream, open, type ReadStream, write } from 'node:fs';
import { stat } from 'node:fs/promises';
import { connect, Socket } from 'node:net';
import { isatty, ReadStream as TtyStream } from 'node:tty';
import { promisify } from 'node:util';
import { Backoff, type BackoffOptions } from '../transport/backoff';

export type LinkTarget = { tcp: { host: string; port: number } } | { device: string };

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
}

/** The open connection: a socket (TCP, or a tty/FIFO on the event loop) or a file read by fs streams. */
type Connection = { socket: Socket } | { file: { fd: number; stream: ReadStream } };

const openFd = promisify(open);
const closeFd = (fd: number) => close(fd, () => {});

/** A device path as a socket-like stream, or undefined when it is neither a tty nor a FIFO. */
async function openDeviceStream(path: string): Promise<Socket | undefined> {
  const s = await stat(path);
  if (!s.isFIFO() && !s.isCharacterDevice()) return undefined;
  const fd = await openFd(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  if (isatty(fd)) return new TtyStream(fd);
  if (s.isFIFO()) return new Socket({ fd, readable: true, writable: true });
  closeFd(fd);
  return undefined;
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

  start(handlers: LinkHandlers): void {
    this.stopped = false;
    this.handlers = handlers;
    this.connectSafely();
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
    if ('socket' in c) c.socket.write(bytes);
    else {
      const attempt = this.attempt;
      write(c.file.fd, bytes, (e) => {
        if (e && attempt === this.attempt) this.drop(`write failed: ${e.message}`);
      });
    }
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.attempt++; // whatever the current connection does now is no news
    clearTimeout(this.retryTimer);
    clearInterval(this.idleTimer);
    this.release(this.conn);
    this.conn = undefined;
    this.connected = false;
  }

  /** Gives up the current connection now and schedules the reconnect. */
  private drop(reason: string): void {
    const c = this.conn;
    this.lost(this.attempt, reason);
    this.release(c, reason);
  }

  private release(c: Connection | undefined, reason?: string): void {
    if (!c) return;
    if ('socket' in c) c.socket.destroy(reason === undefined ? undefined : new Error(reason));
    else c.file.stream.destroy(); // closes the fd (autoClose)
  }

  private connectSafely(): void {
    const attempt = ++this.attempt;
    this.connect(attempt).catch((e) => this.lost(attempt, (e as Error).message));
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
    const onData = (chunk: Buffer) => {
      if (attempt !== this.attempt) return;
      this.lastData = Date.now();
      h.data(chunk);
    };
    const onError = (e: Error) => {
      if (attempt === this.attempt) this.lastError = e.message;
    };
    const onClose = (what: string) => () => this.lost(attempt, this.lastError ?? what);

    if ('tcp' in this.target) {
      const socket = connect({ host: this.target.tcp.host, port: this.target.tcp.port });
      this.conn = { socket };
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      socket.on('connect', onUp);
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose('connection closed'));
      return;
    }
    const device = this.target.device;
    const socket = await openDeviceStream(device);
    if (socket) {
      if (attempt !== this.attempt) return void socket.destroy();
      this.conn = { socket };
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose('device closed'));
      socket.on('end', () => socket.destroy());
      return onUp();
    }
    const fd = await openFd(device, 'r+');
    if (attempt !== this.attempt) return closeFd(fd);
    const stream = createReadStream('', { fd, highWaterMark: 4096 });
    this.conn = { file: { fd, stream } };
    stream.on('data', (c) => onData(c as Buffer));
    stream.on('error', onError);
    stream.on('close', onClose('device closed'));
    stream.on('end', () => stream.destroy());
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
    this.retryTimer = setTimeout(() => this.connectSafely(), this.backoff.next());
  }
}

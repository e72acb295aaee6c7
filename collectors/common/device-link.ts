// A byte link to a device that keeps itself up: a TCP client (serial-over-IP converters) or a device path
// opened as a file (a serial port the operator configured with stty, or a FIFO). When the link drops, errors,
// or stays silent longer than idleTimeoutMs (half-open TCP is common with converters), it reconnects with
// exponential backoff. No serial-port package: a tty opened as a file is enough for reading and writing.
import { createReadStream, type ReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { Backoff, type BackoffOptions } from './backoff';

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

export class DeviceLink {
  connected = false;
  reconnects = 0;
  lastError: string | undefined;
  private readonly backoff: Backoff;
  private socket: Socket | undefined;
  private file: { handle: FileHandle; stream: ReadStream } | undefined;
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
    if (!this.connected) return false;
    if (this.socket) this.socket.write(bytes);
    else this.file?.handle.write(bytes).catch((e) => this.drop(`write failed: ${(e as Error).message}`));
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.idleTimer);
    this.socket?.destroy();
    this.file?.stream.destroy();
    await this.file?.handle.close().catch(() => {});
    this.socket = this.file = undefined;
    this.connected = false;
  }

  /** Closes the current connection; the close handler reconnects. */
  private drop(reason: string): void {
    this.lastError = reason;
    if (this.socket) this.socket.destroy(new Error(reason));
    else this.file?.stream.destroy(new Error(reason));
  }

  private connectSafely(): void {
    this.connect(this.handlers!).catch((e) => this.lost((e as Error).message));
  }

  private async connect(h: LinkHandlers): Promise<void> {
    const onUp = () => {
      this.connected = true;
      this.lastError = undefined;
      this.lastData = Date.now();
      this.backoff.reset();
      h.up();
    };
    const onData = (chunk: Buffer) => {
      this.lastData = Date.now();
      h.data(chunk);
    };
    if ('tcp' in this.target) {
      const socket = connect({ host: this.target.tcp.host, port: this.target.tcp.port });
      this.socket = socket;
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      socket.on('connect', onUp);
      socket.on('data', onData);
      socket.on('error', (e) => {
        this.lastError = e.message;
      });
      socket.on('close', () => this.lost(this.lastError ?? 'connection closed'));
      return;
    }
    const handle = await open(this.target.device, 'r+');
    if (this.stopped) return void (await handle.close());
    const stream = createReadStream('', { fd: handle.fd, autoClose: false, highWaterMark: 4096 });
    this.file = { handle, stream };
    stream.on('data', (c) => onData(c as Buffer));
    stream.on('error', (e) => {
      this.lastError = e.message;
    });
    stream.on('close', () => {
      void handle.close().catch(() => {});
      this.lost(this.lastError ?? 'device closed');
    });
    stream.on('end', () => stream.destroy());
    onUp();
  }

  private lost(reason: string): void {
    const was = this.connected;
    this.connected = false;
    this.socket = this.file = undefined;
    this.lastError = reason;
    if (this.stopped) return;
    if (was) this.handlers?.down(reason);
    this.reconnects++;
    this.retryTimer = setTimeout(() => this.connectSafely(), this.backoff.next());
  }
}

// The collectors' writer (an EventSink): every event is first appended to the disk spool, then sent from it in
// order by the drainer (spool-drainer.ts), which retries with backoff while new events pile up on disk. So
// nothing is lost across a server outage and order is kept. write() pushes back when too much waits.
import type { PortEvent } from '../../../shared/events/event';
import type { Logger } from '../../../shared/logger';
import type { EventSink } from '../../contract';
import { DiskSpool } from './disk-spool';
import { eventLines } from './event-lines';
import { defaultLog, MAX_DELIVERY_LINES, ServerWriter } from './server-writer';
import { SpoolDrainer } from './spool-drainer';

export interface SpoolingWriterOptions {
  url: string;
  token?: string;
  org?: string;
  bucket?: string;
  spoolDir: string;
  /** Lines per request (default 1000, at most 10,000). */
  batchSize?: number;
  /** How long a partial batch waits for more lines, ms (default 1000). */
  flushIntervalMs?: number;
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  fsync?: boolean;
  /** write() returns a promise that settles once at most this many lines wait (default 10 × batchSize). */
  highWaterLines?: number;
  /** How long close() keeps trying to deliver (default 10 s); what is left stays spooled for the next start. */
  closeTimeoutMs?: number;
  log?: Logger;
}

export interface SpoolingWriterStats {
  spooled: number;
  written: number;
  /** Lines the server refused for good, or events the codec could not write. */
  failed: number;
  retries: number;
  /** Lines on disk not yet delivered (including those left by an earlier run). */
  pending: number;
  /** Whether the last request reached the server (undefined before the first). */
  serverUp: boolean | undefined;
  lastError: string | undefined;
}

export class SpoolingWriter implements EventSink {
  private readonly spool: DiskSpool;
  private readonly server: ServerWriter;
  private readonly drainer: SpoolDrainer;
  private readonly log: Logger;
  private readonly highWater: number;
  private waiters: { limit: number; resolve: () => void }[] = [];
  private closing: Promise<void> | undefined;
  private spooled = 0;
  private unformattable = 0;

  constructor(private readonly options: SpoolingWriterOptions) {
    this.log = options.log ?? defaultLog;
    const batchSize = Math.min(MAX_DELIVERY_LINES, options.batchSize ?? 1000);
    this.highWater = options.highWaterLines ?? 10 * batchSize;
    this.spool = new DiskSpool(options.spoolDir, {
      ...(options.fsync === undefined ? {} : { fsync: options.fsync }),
      log: this.log,
    });
    const left = this.spool.pendingLines;
    if (left > 0) this.log('info', `${left} lines left in the spool by an earlier run; sending them first`);
    this.server = new ServerWriter({
      url: options.url,
      ...(options.token ? { token: options.token } : {}),
      ...(options.org ? { org: options.org } : {}),
      ...(options.bucket ? { bucket: options.bucket } : {}),
      log: this.log,
    });
    this.drainer = new SpoolDrainer(this.spool, this.server, {
      batchSize,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      minRetryDelayMs: options.minRetryDelayMs ?? 1000,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
      log: this.log,
      onCommit: () => this.release(),
    });
  }

  stats(): SpoolingWriterStats {
    const c = this.server.counters;
    return {
      spooled: this.spooled,
      written: c.written,
      failed: c.failed + this.unformattable,
      retries: c.retries,
      pending: this.spool.pendingLines,
      serverUp: this.drainer.serverUp,
      lastError: this.drainer.lastError,
    };
  }

  /** Spools the events at once; the promise (when pending is above the high-water mark) is backpressure. */
  write(events: PortEvent[]): void | Promise<void> {
    if (this.closing) throw new Error('writer is closed');
    const lines = eventLines(events, (e, err) => {
      this.unformattable++;
      this.log('error', `cannot format ${e.measurement} event at ${e.time}: ${err.message}`);
    });
    this.spool.append(lines);
    this.spooled += lines.length;
    this.drainer.kick();
    return this.spool.pendingLines > this.highWater ? this.pendingAtMost(this.highWater) : undefined;
  }

  /** Resolves once at most `limit` lines wait for delivery (or the writer closed). */
  pendingAtMost(limit: number): Promise<void> {
    if (this.spool.pendingLines <= limit || this.closing) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ limit, resolve }));
  }

  /** Delivers what it can within closeTimeoutMs, then stops; undelivered lines stay in the spool. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.drainer.stop(Date.now() + (this.options.closeTimeoutMs ?? 10_000));
      this.spool.close();
      await this.server.close();
      for (const w of this.waiters.splice(0)) w.resolve();
      const left = this.spool.pendingLines;
      if (left > 0)
        this.log('warn', `${left} lines stay in the spool (${this.spool.dir}); sent at the next start`);
    })();
    return this.closing;
  }

  private release(): void {
    const ready = this.waiters.filter((w) => w.limit >= this.spool.pendingLines);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

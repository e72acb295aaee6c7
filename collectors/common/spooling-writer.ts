// The collectors' writer: every event is first appended to the disk spool, then sent from it in order, one
// batch at a time, through ServerWriter.deliver. A retryable failure (server down, 5xx, 429) keeps the batch
// and retries it with backoff while new events pile up on disk; a final one (4xx) is logged, copied to
// rejected.lp in the spool dir and skipped. So nothing is lost across a server outage and order is kept.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PortEvent } from '../../shared/events/event';
import type { EventSink } from '../contract';
import { Backoff, sleep } from './backoff';
import { DiskSpool } from './disk-spool';
import { defaultLog, eventLines, MAX_DELIVERY_LINES, ServerWriter, type WriterLog } from './server-writer';

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
  log?: WriterLog;
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
  private readonly backoff: Backoff;
  private readonly log: WriterLog;
  private readonly batchSize: number;
  private readonly highWater: number;
  private readonly stopping = new AbortController();
  private wake: (() => void) | undefined;
  private waiters: { limit: number; resolve: () => void }[] = [];
  private readonly loop: Promise<void>;
  private closing: Promise<void> | undefined;
  private deadline = Number.POSITIVE_INFINITY;
  private spooled = 0;
  private unformattable = 0;
  private serverUp: boolean | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: SpoolingWriterOptions) {
    this.log = options.log ?? defaultLog;
    this.batchSize = Math.min(MAX_DELIVERY_LINES, options.batchSize ?? 1000);
    this.highWater = options.highWaterLines ?? 10 * this.batchSize;
    this.spool = new DiskSpool(options.spoolDir, {
      ...(options.fsync === undefined ? {} : { fsync: options.fsync }),
      log: (m) => this.log('warn', m),
    });
    if (this.spool.pendingLines > 0)
      this.log(
        'info',
        `${this.spool.pendingLines} lines left in the spool by an earlier run; sending them first`,
      );
    this.server = new ServerWriter({
      url: options.url,
      ...(options.token ? { token: options.token } : {}),
      ...(options.org ? { org: options.org } : {}),
      ...(options.bucket ? { bucket: options.bucket } : {}),
      log: this.log,
    });
    this.backoff = new Backoff({
      minMs: options.minRetryDelayMs ?? 1000,
      maxMs: options.maxRetryDelayMs ?? 30_000,
    });
    this.loop = this.run();
  }

  stats(): SpoolingWriterStats {
    const c = this.server.counters;
    return {
      spooled: this.spooled,
      written: c.written,
      failed: c.failed + this.unformattable,
      retries: c.retries,
      pending: this.spool.pendingLines,
      serverUp: this.serverUp,
      lastError: this.lastError,
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
    this.wake?.();
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
      this.deadline = Date.now() + (this.options.closeTimeoutMs ?? 10_000);
      this.stopping.abort();
      this.wake?.();
      await this.loop;
      this.spool.close();
      await this.server.close();
      for (const w of this.waiters.splice(0)) w.resolve();
      const left = this.spool.pendingLines;
      if (left > 0)
        this.log('warn', `${left} lines stay in the spool (${this.spool.dir}); sent at the next start`);
    })();
    return this.closing;
  }

  private async run(): Promise<void> {
    for (;;) {
      const closing = this.closing !== undefined;
      if (this.spool.pendingLines === 0) {
        if (closing) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      if (closing && Date.now() >= this.deadline) return;
      if (!closing && this.spool.pendingLines < this.batchSize)
        await sleep(this.options.flushIntervalMs ?? 1000, this.stopping.signal);
      await this.sendOne();
    }
  }

  private async sendOne(): Promise<void> {
    const { lines, next } = this.spool.peek(this.batchSize);
    if (lines.length === 0) {
      this.spool.commit(next, this.spool.pendingLines); // only torn lines were left
      return;
    }
    const outcome = await this.server.deliver(lines);
    if (outcome.ok || !outcome.retryable) {
      if (this.serverUp === false)
        this.log('info', `server reachable again after ${this.backoff.failures} failed attempts`);
      this.serverUp = true;
      this.backoff.reset();
      if (!outcome.ok) {
        this.log('error', `${outcome.message}; the batch is kept in rejected.lp`);
        appendFileSync(
          join(this.spool.dir, 'rejected.lp'),
          `# ${new Date().toISOString()} ${outcome.message}\n${lines.join('\n')}\n`,
        );
      }
      this.spool.commit(next, lines.length);
      this.waiters = this.waiters.filter((w) =>
        w.limit >= this.spool.pendingLines ? (w.resolve(), false) : true,
      );
      return;
    }
    this.serverUp = false;
    this.lastError = outcome.message;
    const delay = this.backoff.next();
    if (this.backoff.failures === 1 || this.backoff.failures % 10 === 0)
      this.log('warn', `${outcome.message}; ${this.spool.pendingLines} lines spooled, retry in ${delay} ms`);
    const closingWait = this.closing ? Math.max(0, this.deadline - Date.now()) : delay;
    await sleep(Math.min(delay, closingWait), this.closing ? undefined : this.stopping.signal);
  }
}

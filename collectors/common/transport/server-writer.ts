// Sends events to the portpulse server (or any InfluxDB 2.x write API) through the official
// @influxdata/influxdb-client, which batches, gzips and retries. Lines are written by the shared codec only
// (pointFromEvent + formatPoint); the client's Point class is never used. Write errors are logged with their
// status and response body and survived: 5xx/429/network errors are retried with backoff, 4xx are not.
// `deliver` sends one batch without retrying, for the disk spool (spooling-writer.ts), which retries in order.
import { InfluxDB, setLogger, type WriteApi } from '@influxdata/influxdb-client';
import type { PortEvent } from '../../../shared/events/event';
import { consoleLogger, type Logger } from '../../../shared/logger';
import type { EventSink } from '../../contract';
import { eventLines } from './event-lines';
import { classifyWriteFailure, type Delivery, failedDelivery } from './write-failure';

export interface ServerWriterOptions {
  /** Server base URL (default http://127.0.0.1:8080). */
  url?: string;
  /** API token; default PORTPULSE_TOKEN when set. */
  token?: string;
  org?: string;
  bucket?: string;
  /** Lines per request (default 5000). */
  batchSize?: number;
  /** Longest time a line waits in the buffer, ms (default 1000). */
  flushIntervalMs?: number;
  /** Retries after the first failure (default 5). */
  maxRetries?: number;
  /** First retry delay, ms (default 1000; doubles up to maxRetryDelayMs). */
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Lines kept for retry while the server is unreachable; the oldest are dropped beyond (default 200,000). */
  maxBufferLines?: number;
  log?: Logger;
  /** How long close() waits for requests in flight (default 10,000 ms). */
  closeTimeoutMs?: number;
}

export interface WriterCounters {
  /** Lines the server acknowledged. */
  written: number;
  /** Lines given up on: rejected by the server, out of retries, or dropped from a full retry buffer. */
  failed: number;
  /** Failed requests that were scheduled for a retry. */
  retries: number;
}

export const defaultLog: Logger = consoleLogger('server-writer');

// The client logs every failed write itself; ours names the status and body and counts the lines, so its own
// copies of those (WriteApi) messages are dropped. Anything else it says is passed on. The client's logger is
// process-wide: it is replaced once, when the first writer is created.
let clientLogFiltered = false;
function filterClientLog(): void {
  if (clientLogFiltered) return;
  clientLogFiltered = true;
  const passOn = (message: string, err: unknown) => {
    if (/^(Write to InfluxDB failed|Retry buffer closed|RetryBuffer:)/.test(message)) return;
    console.error(`[influxdb-client] ${message}${err ? ` ${String(err)}` : ''}`);
  };
  setLogger({ error: passOn, warn: passOn });
}

/** Most lines one `deliver` call may send. */
export const MAX_DELIVERY_LINES = 10_000;

export class ServerWriter implements EventSink {
  readonly counters: WriterCounters = { written: 0, failed: 0, retries: 0 };
  private readonly api: WriteApi;
  private readonly direct: WriteApi;
  private readonly log: Logger;
  private readonly batchSize: number;
  private readonly closeTimeoutMs: number;
  private handed = 0;
  private closed = false;

  constructor(options: ServerWriterOptions = {}) {
    filterClientLog();
    this.log = options.log ?? defaultLog;
    this.batchSize = options.batchSize ?? 5000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
    const maxRetries = options.maxRetries ?? 5;
    const token = options.token ?? process.env.PORTPULSE_TOKEN;
    const influx = new InfluxDB({ url: options.url ?? 'http://127.0.0.1:8080', ...(token ? { token } : {}) });
    const self = this;
    this.api = influx.getWriteApi(options.org ?? 'portpulse', options.bucket ?? 'portpulse', 'ms', {
      batchSize: this.batchSize,
      flushInterval: options.flushIntervalMs ?? 1000,
      maxRetries,
      minRetryDelay: options.minRetryDelayMs ?? 1000,
      maxRetryDelay: options.maxRetryDelayMs ?? 30_000,
      maxBufferLines: options.maxBufferLines ?? 200_000,
      writeSuccess(lines) {
        self.counters.written += lines.length;
      },
      writeFailed(error, lines, attempt, expires) {
        self.onFailure(error, lines.length, attempt, expires, maxRetries);
      },
      writeRetrySkipped(entry) {
        self.counters.failed += entry.lines.length;
        self.log('error', `retry buffer full: dropped ${entry.lines.length} oldest lines`);
      },
    });
    // No batching timer and no retries: each deliver() is exactly one request, answered or failed.
    this.direct = influx.getWriteApi(options.org ?? 'portpulse', options.bucket ?? 'portpulse', 'ms', {
      batchSize: MAX_DELIVERY_LINES + 1,
      flushInterval: 0,
      maxRetries: 0,
    });
  }

  /** Lines handed over and not yet written or given up on (buffered, in flight or waiting for a retry). */
  get pending(): number {
    return this.handed - this.counters.written - this.counters.failed;
  }

  /** Queues events; the client sends them when a batch is full or the flush interval elapses. */
  write(events: PortEvent[]): void {
    if (this.closed) throw new Error('server writer is closed');
    const lines = eventLines(events, (e, err) => {
      this.counters.failed++;
      this.log('error', `cannot format ${e.measurement} event at ${e.time}: ${err.message}`);
    });
    this.handed += lines.length;
    this.api.writeRecords(lines);
  }

  /**
   * Sends `lines` (ms precision) as one request, outside the buffer and without retrying; one call at a time.
   * Resolves with the outcome, typed retryable or not; never throws for a failed request.
   */
  async deliver(lines: string[]): Promise<Delivery> {
    if (lines.length > MAX_DELIVERY_LINES) throw new Error(`deliver: at most ${MAX_DELIVERY_LINES} lines`);
    try {
      this.direct.writeRecords(lines);
      await this.direct.flush();
      this.counters.written += lines.length;
      return { ok: true };
    } catch (err) {
      const outcome = failedDelivery(err as Error, lines.length);
      if (!outcome.ok && !outcome.retryable) {
        this.counters.written += outcome.accepted;
        this.counters.failed += lines.length - outcome.accepted;
      } else this.counters.retries++;
      return outcome;
    }
  }

  /**
   * Writes events with at most `concurrency` requests in flight and resolves when all were answered (bulk
   * backfill with backpressure; the server's group commit makes a few parallel requests worthwhile).
   */
  async writeAndWait(events: PortEvent[], concurrency = 4): Promise<void> {
    // Below the client's batch size, so it never sends a chunk on its own and each flush() sends one chunk.
    const chunk = Math.max(1, this.batchSize - 1);
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < events.length; i += chunk) {
      this.write(events.slice(i, i + chunk));
      const request: Promise<void> = this.flush().then(() => {
        inFlight.delete(request);
      });
      inFlight.add(request);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  /** Sends what is buffered and waits for that request; failures are logged and counted, never thrown. */
  async flush(): Promise<void> {
    await this.api.flush().catch(() => {});
  }

  /**
   * Flushes, retries what waits for a retry right away, waits (up to closeTimeoutMs) for requests still in
   * flight, and closes; lines still undelivered then count as failed.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.api.flush(true).catch(() => {});
    const deadline = Date.now() + this.closeTimeoutMs;
    while (this.pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await this.api.close().catch(() => {});
    await this.direct.close().catch(() => {});
    const lost = this.pending;
    if (lost > 0) {
      this.counters.failed += lost;
      this.log('error', `closed with ${lost} lines not delivered`);
    }
  }

  private onFailure(error: Error, lines: number, attempt: number, expires: number, maxRetries: number): void {
    const f = classifyWriteFailure(error, lines, { attempt, maxRetries, expires, now: Date.now() });
    if (f.retried) this.counters.retries++;
    else {
      this.counters.written += f.accepted;
      this.counters.failed += lines - f.accepted;
    }
    this.log(f.retried ? 'warn' : 'error', f.message);
  }
}

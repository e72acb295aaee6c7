// Ships the durable log to InfluxDB in order, oldest first, remembering a durable cursor. While InfluxDB is
// down or slow, ingest carries on from the log and the backlog drains when it returns. Data InfluxDB rejects
// as invalid (400: e.g. a field-type conflict with older data) is never dropped silently: the lines InfluxDB
// refused go to a dead-letter file with the reason (see dead-letters.ts) and the rest of the batch is re-sent.
import { join } from 'node:path';
import { getRetryDelay, HttpError } from '@influxdata/influxdb-client';
import { backoffDelay } from '../../shared/backoff';
import type { FieldTypeRegistry } from '../field-types/field-type-registry';
import { appendedToLog, type EventConsumer, type EventOrigin } from '../ingest/event-fanout';
import type { AcceptedEvent } from '../ingest/ingest';
import type { Logger } from '../logger';
import type { EventLog } from '../store/event-log';
import { CursorFile } from './cursor-file';
import { DeadLetters } from './dead-letters';
import { classifyWriteError, type InfluxTarget } from './influx-target';
import { type InfluxFieldTypes, sortByFieldTypes } from './refused-lines';

export interface ShipperOptions {
  dataDir: string;
  batchLines: number;
  maxBackoffMs?: number;
  logger: Logger;
  /** Where the shipped position is kept; a file in the data dir by default (cluster mode: the shipping lease). */
  cursor?: ShipperCursor;
  /**
   * InfluxDB's field types (SHOW FIELD KEYS), read when shipping starts and after a batch is refused: they tell
   * which lines of a refused batch InfluxDB dropped, and ingest learns them (the registry) to refuse such lines.
   */
  fieldTypes?: { read(): Promise<InfluxFieldTypes>; registry?: FieldTypeRegistry };
}

/** The durable shipped position: the last log seq InfluxDB acknowledged. */
export interface ShipperCursor {
  load(): number;
  save(seq: number): void;
  /** Cluster mode (fencing): false while this node cannot be sure it still holds the shipping lease. */
  mayShip?(): boolean;
}

export interface ShipperStatus {
  destination: string;
  shippedSeq: number;
  lagEvents: number;
  /** Age of the oldest event not yet in InfluxDB (0 when caught up). */
  lagSeconds: number;
  connected: boolean;
  lastError: string | null;
  rejectedBatches: number;
  shippedEvents: number;
  /** Lines in the dead-letter files now (refused by InfluxDB, waiting for an operator). */
  deadLetterLines: number;
  /** Lines this process dead-lettered. */
  deadLetteredLines: number;
  deadLetterDir: string;
}

export class InfluxShipper implements EventConsumer {
  private readonly cursor: ShipperCursor;
  private shippedSeq: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private oldestUnshippedMs: number | null = null;
  private connected = false;
  private lastError: string | null = null;
  private shippedEvents = 0;
  private readonly deadLetters: DeadLetters;
  private failures = 0;

  constructor(
    private readonly log: EventLog,
    private readonly target: InfluxTarget,
    private readonly opts: ShipperOptions,
  ) {
    this.cursor =
      opts.cursor ?? new CursorFile(join(opts.dataDir, 'influx', 'cursor.json'), target.destination);
    this.shippedSeq = this.cursor.load();
    this.deadLetters = new DeadLetters(
      join(opts.dataDir, 'influx', 'rejected'),
      target.destination,
      opts.logger,
    );
  }

  /** Cluster mode, while stopped: the position another node shipped up to, or where to resume on takeover. */
  setShippedSeq(seq: number): void {
    this.shippedSeq = seq;
  }

  get isRunning(): boolean {
    return this.running;
  }

  status(): ShipperStatus {
    const lagEvents = this.log.lastSeq() - this.shippedSeq;
    return {
      destination: this.target.destination,
      shippedSeq: this.shippedSeq,
      lagEvents,
      lagSeconds:
        lagEvents > 0 && this.oldestUnshippedMs !== null
          ? Math.max(0, (Date.now() - this.oldestUnshippedMs) / 1000)
          : 0,
      connected: this.connected,
      lastError: this.lastError,
      rejectedBatches: this.deadLetters.batches,
      shippedEvents: this.shippedEvents,
      deadLetterLines: this.deadLetters.waiting,
      deadLetteredLines: this.deadLetters.total,
      deadLetterDir: this.deadLetters.dir,
    };
  }

  /**
   * After each durable append: ship without waiting for the poll interval. Only live events are new to the
   * log; replayed and historical ones are in InfluxDB or on their way already.
   */
  onEvents(_events: AcceptedEvent[], origin: EventOrigin): void {
    if (appendedToLog(origin)) this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    let prepared = false;
    while (this.running) {
      try {
        if (!prepared) {
          await this.target.prepare();
          prepared = true;
          await this.learnFieldTypes();
        }
        if (this.shippedSeq >= this.log.lastSeq()) {
          this.oldestUnshippedMs = null;
          await this.sleep(1000);
          continue;
        }
        if (this.cursor.mayShip?.() === false) {
          await this.sleep(100); // the lease's next renewal says whether this node ships on
          continue;
        }
        await this.shipOneBatch();
        this.connected = true;
        this.failures = 0;
        this.lastError = null;
      } catch (e) {
        this.connected = false;
        this.failures++;
        this.lastError = describe(e);
        if (e instanceof HttpError && e.statusCode === 404) prepared = false; // database dropped: recreate
        const delay = Math.min(
          backoffDelay(this.failures, {
            minMs: 500,
            maxMs: this.opts.maxBackoffMs ?? 30_000,
            factor: [1, 1],
          }),
          Math.max(getRetryDelay(e as Error), 500),
        );
        if (this.failures === 1 || this.failures % 10 === 0)
          this.opts.logger('warn', 'InfluxDB write failed; will retry (events stay in the local log)', {
            destination: this.target.destination,
            error: this.lastError,
            attempt: this.failures,
            retryInMs: delay,
            lagEvents: this.log.lastSeq() - this.shippedSeq,
          });
        await this.sleep(delay);
      }
    }
  }

  /**
   * Reads whole blocks after the cursor up to the batch size and writes them; advances the cursor on 2xx. The
   * blocks' bytes are sent as stored (line protocol with ns timestamps), neither decoded nor encoded again.
   */
  private async shipOneBatch(): Promise<void> {
    const from = this.shippedSeq + 1;
    const parts: Buffer[] = [];
    let lines = 0;
    let lastSeq = this.shippedSeq;
    for await (const { ref, body } of this.log.readBlocksFrom(from)) {
      if (lines === 0) this.oldestUnshippedMs = ref.minTimeMs;
      parts.push(ref.firstSeq < from ? afterLines(body, from - ref.firstSeq) : body); // mid-block cursor
      lines += ref.count;
      lastSeq = ref.firstSeq + ref.count - 1;
      if (lines >= this.opts.batchLines) break;
    }
    if (lastSeq === this.shippedSeq) return;
    await this.writeOrSplit(parts.length === 1 ? parts[0]! : Buffer.concat(parts), lastSeq);
    this.shippedEvents += lastSeq - this.shippedSeq;
    this.shippedSeq = lastSeq;
    this.cursor.save(lastSeq);
  }

  private async writeOrSplit(body: Buffer | string, lastSeq: number): Promise<void> {
    try {
      await this.target.write(body);
    } catch (e) {
      const kind = classifyWriteError(e);
      if (kind === 'retry') throw e;
      const lines = (typeof body === 'string' ? body : body.toString('utf8')).trimEnd().split('\n');
      if (lines.length > 1 && kind === 'split') {
        const half = Math.ceil(lines.length / 2);
        await this.writeOrSplit(`${lines.slice(0, half).join('\n')}\n`, lastSeq);
        await this.writeOrSplit(`${lines.slice(half).join('\n')}\n`, lastSeq);
        return;
      }
      if (lines.length > 1) return this.resendKept(lines, lastSeq);
      this.deadLetters.add(lines, lastSeq, describe(e));
    }
  }

  /**
   * A refused batch (400; InfluxDB 1.x has written its valid lines: a partial write): the lines InfluxDB's
   * field types refuse are dead-lettered with the reason, the others re-sent (rewriting what it kept is
   * harmless). A refusal the field types do not explain is narrowed down by halving, down to single lines.
   */
  private async resendKept(lines: string[], lastSeq: number): Promise<void> {
    const types = await this.learnFieldTypes();
    const { kept, refused } = types ? sortByFieldTypes(lines, types) : { kept: lines, refused: [] };
    const byReason = new Map<string, string[]>();
    for (const r of refused) byReason.set(r.why, [...(byReason.get(r.why) ?? []), r.line]);
    for (const [why, group] of byReason) this.deadLetters.add(group, lastSeq, `HTTP 400: ${why}`);
    if (kept.length === 0) return;
    if (refused.length > 0) return this.writeOrSplit(`${kept.join('\n')}\n`, lastSeq);
    const half = Math.ceil(kept.length / 2);
    await this.writeOrSplit(`${kept.slice(0, half).join('\n')}\n`, lastSeq);
    await this.writeOrSplit(`${kept.slice(half).join('\n')}\n`, lastSeq);
  }

  /** Reads InfluxDB's field types and hands them to ingest's registry; undefined when they cannot be read. */
  private async learnFieldTypes(): Promise<InfluxFieldTypes | undefined> {
    const source = this.opts.fieldTypes;
    if (!source) return undefined;
    try {
      const types = await source.read();
      source.registry?.adopt(types, this.target.destination);
      return types;
    } catch (e) {
      this.opts.logger('warn', 'InfluxDB field types could not be read (SHOW FIELD KEYS)', {
        destination: this.target.destination,
        error: describe(e),
      });
      return undefined;
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof HttpError) return `HTTP ${e.statusCode}: ${e.body ?? e.message}`.slice(0, 500);
  return String((e as Error)?.message ?? e);
}

/** The lines of a block body after its first `skip` (each line ends with a line break). */
export function afterLines(body: Buffer, skip: number): Buffer {
  let at = 0;
  for (let i = 0; i < skip && at < body.length; i++) {
    const nl = body.indexOf(10, at);
    at = nl < 0 ? body.length : nl + 1;
  }
  return body.subarray(at);
}

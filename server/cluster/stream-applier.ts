// Applies the cluster's stream to this node, in stream order, through the very pipeline a single process
// uses for its own writes (Ingest.apply: identity → local log → KPIs, alerts, hub, rollups), so every node
// reaches the same state at the same stream seq. The arrival time of each event is its message's stream
// timestamp (one clock for the whole cluster), and its message's seq goes with it to the live hub (resume by
// seq). Messages that arrive together are applied as one batch (one fsync), then the applied position is saved;
// an ordered consumer resumes from it after a restart. Messages on other subjects of the stream (alerting's
// records) go to `onRecord`, in their place between the events.
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { eventFromStoredPoint } from '../../shared/events/point-conversion';
import { parseLineProtocol } from '../../shared/line-protocol/parse';
import type { GoodPoint, Ingest } from '../ingest/ingest';
import { pointText } from '../ingest/point-identity';
import type { Logger } from '../logger';
import type { EventLog } from '../store/event-log';
import type { AppliedPosition } from './applied-position';
import { type StreamLink, subjectOf } from './event-stream';

const MAX_BATCH_MESSAGES = 2000;
const MAX_QUEUED_MESSAGES = 5000;

export interface ApplierOptions {
  link: StreamLink;
  stream: string;
  ingest: Ingest;
  log: EventLog;
  position: AppliedPosition;
  logger: Logger;
  /** A message on another subject than the events', with its stream time (epoch ms); durable when resolved. */
  onRecord?: (subject: string, body: string, streamMs: number) => Promise<void>;
}

export class StreamApplier {
  private queue: JsMsg[] = [];
  private running = false;
  private wakeWorker: (() => void) | undefined;
  private wakeReader: (() => void) | undefined;
  private waiters: { seq: number; resolve: (applied: boolean) => void }[] = [];
  private consuming: { close(): Promise<unknown> } | undefined;
  private loops: Promise<void>[] = [];
  /** The batch being applied, and a caller holding the applier between two batches (see exclusive()). */
  private applying: Promise<void> | undefined;
  private held: Promise<unknown> | undefined;
  readonly counters = { messages: 0, events: 0, skippedLines: 0, failures: 0 };
  lastError: string | undefined;

  constructor(private readonly opts: ApplierOptions) {}

  /** The last stream seq applied to this node (its log, KPIs, indices and live views). */
  get appliedSeq(): number {
    return this.opts.position.streamSeq;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [this.read(), this.work()];
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consuming?.close().catch(() => {});
    this.wakeWorker?.();
    this.wakeReader?.();
    await Promise.all(this.loops);
    for (const w of this.waiters.splice(0)) w.resolve(false);
  }

  /**
   * Resolves true once this node applied the stream up to `seq`, false if it has not after `timeoutMs` (or the
   * applier stopped): a write answers either way, the notifier starts sending only on true.
   */
  appliedUpTo(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.appliedSeq >= seq) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      timer.unref();
      const waiter = {
        seq,
        resolve: (applied: boolean) => {
          clearTimeout(timer);
          resolve(applied);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Runs `fn` between two batches: the state this node applied does not change until it resolves (a state
   * snapshot is the state of exactly one stream seq).
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.held) await this.held.catch(() => {});
    const run = (async () => {
      await this.applying?.catch(() => {});
      return fn();
    })();
    this.held = run;
    try {
      return await run;
    } finally {
      this.held = undefined;
    }
  }

  private async read(): Promise<void> {
    const { link, stream } = this.opts;
    const consumer = await link.js.consumers.get(stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.appliedSeq + 1,
    });
    // Short pulls: a consumer on a broker that died is noticed by its missing heartbeats (half of expires) and
    // recreated on another broker within seconds, not the default 30 s.
    const messages = await consumer.consume({ max_messages: 1000, expires: 4000 });
    this.consuming = messages;
    for await (const m of messages) {
      if (!this.running) break;
      this.queue.push(m);
      this.wakeWorker?.();
      while (this.running && this.queue.length >= MAX_QUEUED_MESSAGES)
        await new Promise<void>((r) => {
          this.wakeReader = r;
        });
    }
  }

  private async work(): Promise<void> {
    while (this.running) {
      if (this.queue.length === 0) {
        await new Promise<void>((r) => {
          this.wakeWorker = r;
        });
        continue;
      }
      if (this.held) {
        await this.held.catch(() => {});
        continue;
      }
      const batch = this.queue.slice(0, MAX_BATCH_MESSAGES);
      try {
        this.applying = this.applyBatch(batch);
        await this.applying;
        this.queue.splice(0, batch.length);
        this.lastError = undefined;
        this.wakeReader?.();
      } catch (e) {
        // The local log refused (disk full, I/O error): nothing of the batch counts; try again later.
        this.counters.failures++;
        this.lastError = String((e as Error).message ?? e);
        if (this.counters.failures === 1 || this.counters.failures % 10 === 0)
          this.opts.logger('error', 'cluster: applying the stream failed; retrying', {
            error: this.lastError,
          });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async applyBatch(batch: JsMsg[]): Promise<void> {
    let good: GoodPoint[] = [];
    let arrived: number[] = [];
    let seqs: number[] = [];
    let events = 0;
    const applyEvents = async () => {
      if (good.length > 0) await this.opts.ingest.apply(good, 'stream', arrived, seqs);
      events += good.length;
      good = [];
      arrived = [];
      seqs = [];
    };
    const eventsSubject = subjectOf(this.opts.stream);
    for (const m of batch) {
      // Already applied (a consumer restarted below the position): skip, the log has it.
      if (m.seq <= this.appliedSeq) continue;
      const arrivedMs = Number(m.timestampNanos / 1_000_000n);
      if (m.subject !== eventsSubject) {
        await applyEvents(); // what came before it in the stream first
        await this.opts.onRecord?.(m.subject, m.string(), arrivedMs);
        continue;
      }
      const { lines, errors } = parseLineProtocol(m.string(), { precision: 'ns' });
      this.counters.skippedLines += errors.length;
      if (errors.length > 0)
        this.opts.logger('error', 'cluster: unreadable lines in a stream message were skipped', {
          seq: m.seq,
          first: errors[0]!.reason,
        });
      for (const { point, seriesText, fieldText } of lines) {
        const event = eventFromStoredPoint(point);
        if (!event) {
          this.counters.skippedLines++;
          continue;
        }
        const text =
          seriesText !== undefined && fieldText !== undefined
            ? { series: seriesText, fields: fieldText }
            : pointText(point);
        good.push({ point, event, ...text });
        arrived.push(arrivedMs);
        seqs.push(m.seq);
      }
    }
    const last = batch.at(-1)!.seq;
    if (last <= this.appliedSeq) return;
    await applyEvents();
    this.opts.position.record(last, this.opts.log.lastSeq());
    this.counters.messages += batch.length;
    this.counters.events += events;
    const ready = this.waiters.filter((w) => w.seq <= last);
    if (ready.length > 0) {
      this.waiters = this.waiters.filter((w) => w.seq > last);
      for (const w of ready) w.resolve(true);
    }
  }
}

// The replay collector: reads a line-protocol or CSV file from where the last run stopped, paces the events
// (real time, a speed, or as fast as possible), hands them to the writer in batches (waiting when it pushes
// back), and records the offset after each batch. `done` settles at the end of the file.
import { resolve } from 'node:path';
import { sleep } from '../../shared/backoff';
import type { PortEvent } from '../../shared/events/event';
import type { CollectorContext } from '../common/runner/collector-kind';
import { ProblemLog } from '../common/runner/problem-log';
import type { Collector, CollectorStats, EventSink } from '../contract';
import { formatOf, type ReplayConfig } from './config';
import { OffsetFile, type ReplayOffset } from './offset-file';
import { Pacer, shiftEvent } from './pacing';
import { ProgressReporter } from './progress';
import { countEventLines, firstLine, lineDecoder, readLines } from './replay-source';

const BATCH = 1000;

export class ReplayCollector implements Collector {
  readonly name: string;
  readonly done: Promise<void>;
  readonly counters = { sent: 0, total: 0, invalid: 0, resumedAtLine: 0 };
  private finish!: () => void;
  private fail!: (e: Error) => void;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private readonly file: string;
  private readonly offsets: OffsetFile;

  constructor(
    private readonly config: ReplayConfig,
    private readonly context: CollectorContext,
  ) {
    this.file = resolve(context.configDir, config.file);
    this.name = `replay:${config.file}`;
    this.offsets = new OffsetFile(resolve(context.configDir, config.offsetFile), this.file);
    this.done = new Promise((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
  }

  async start(sink: EventSink): Promise<void> {
    const c = this.config;
    const saved = c.restart ? undefined : this.offsets.load();
    if (typeof saved === 'string') throw new Error(saved);
    const format = formatOf(c);
    this.counters.total = await countEventLines(this.file, format);
    if (saved?.done) {
      this.context.log(
        'info',
        `${c.file} was replayed completely already (${saved.events} events); "restart": true replays it again`,
      );
      this.counters.sent = saved.events;
      this.counters.invalid = saved.invalid ?? this.counters.total - saved.events;
      this.finish();
      return;
    }
    const header = format === 'csv' ? await firstLine(this.file) : undefined;
    const from: Omit<ReplayOffset, 'file' | 'ino'> = saved ?? {
      byte: 0,
      line: 0,
      events: 0,
      invalid: 0,
      done: false,
    };
    if (saved)
      this.context.log(
        'info',
        `resuming ${c.file} at line ${saved.line + 1} (${saved.events} events sent before)`,
      );
    this.counters.sent = from.events;
    this.counters.invalid = from.invalid ?? 0;
    this.counters.resumedAtLine = from.line;
    const mode = c.progress === 'auto' ? (process.stderr.isTTY ? 'bar' : 'lines') : c.progress;
    const progress =
      mode === 'off'
        ? undefined
        : new ProgressReporter(
            mode,
            () => this.counters,
            (t) => process.stderr.write(t),
            c.progressSeconds * 1000,
          );
    progress?.start();
    // `done` settles after the progress output's last line.
    this.running = this.run(sink, from, lineDecoder(c, header), format === 'csv').then(
      (complete) => {
        progress?.stop();
        if (complete) this.finish();
      },
      (e: Error) => {
        progress?.stop();
        this.fail(new Error(`replay of ${c.file} failed: ${e.message}`));
      },
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  stats(): CollectorStats {
    return { ...this.counters };
  }

  /** Replays until the end of the file (true) or a stop (false). */
  private async run(
    sink: EventSink,
    from: Omit<ReplayOffset, 'file' | 'ino'>,
    decode: ReturnType<typeof lineDecoder>,
    csv: boolean,
  ): Promise<boolean> {
    const c = this.config;
    const pacer = new Pacer(c.speed);
    const problems = new ProblemLog(this.context.log);
    let batch: PortEvent[] = [];
    let at = { byte: from.byte, line: from.line };
    const flush = async () => {
      if (batch.length > 0) await sink.write(batch);
      this.counters.sent += batch.length;
      batch = [];
      this.offsets.save({ ...at, events: this.counters.sent, invalid: this.counters.invalid, done: false });
    };
    for await (const l of readLines(this.file, from.byte, from.line)) {
      if (this.stopping.signal.aborted) break;
      const decoded = csv && l.line === 1 ? { kind: 'skip' as const } : decode(l.text);
      if (decoded.kind === 'error') {
        this.counters.invalid++;
        problems.report('invalid lines', `${c.file}:${l.line}: ${decoded.reason}; skipped`);
      }
      if (decoded.kind === 'event') {
        const due = pacer.dueAt(decoded.event);
        if (due > Date.now()) {
          await flush();
          await sleep(due - Date.now(), this.stopping.signal);
          if (this.stopping.signal.aborted) break; // this line was not sent: the resume starts with it
        }
        batch.push(
          c.timestamps === 'shifted' ? shiftEvent(decoded.event, Math.max(due, Date.now())) : decoded.event,
        );
      }
      at = { byte: l.end, line: l.line };
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    if (this.stopping.signal.aborted) return false;
    this.offsets.save({ ...at, events: this.counters.sent, invalid: this.counters.invalid, done: true });
    this.context.log(
      'info',
      `${c.file}: replay complete, ${this.counters.sent} events (${this.counters.invalid} invalid lines skipped)`,
    );
    return true;
  }
}

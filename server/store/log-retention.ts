// Log retention (the configured retention hours): every few minutes, whole segments older than the retention
// are deleted — but only once every checkpointed reader is past them (the rollups' saved checkpoint and, with
// InfluxDB, the shipper's cursor), so retention never takes an event that is not yet counted or shipped.
import type { Logger } from '../logger';
import type { EventLog } from './event-log';

export interface LogRetentionOptions {
  log: EventLog;
  hours: number;
  /** The highest seq every checkpointed reader has durably consumed. */
  consumedSeq(): number;
  logger: Logger;
  everyMs?: number;
  now?: () => number;
}

export class LogRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly opts: LogRetentionOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.opts.everyMs ?? 5 * 60_000);
    this.timer.unref();
    void this.runOnce();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; never throws (a failed delete is logged and tried again next time). */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const { log, hours, logger } = this.opts;
    const beforeMs = (this.opts.now ?? Date.now)() - hours * 3_600_000;
    try {
      const dropped = await log.dropSegments(beforeMs, this.opts.consumedSeq());
      if (dropped.segments > 0)
        logger('info', 'log retention: dropped old segments', {
          ...dropped,
          olderThan: new Date(beforeMs).toISOString(),
          firstSeqLeft: log.firstSeq(),
        });
    } catch (e) {
      logger('error', 'log retention: could not drop a segment', { error: String(e) });
    }
  }
}

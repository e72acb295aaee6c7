// One state saved to disk every so often and at a clean stop, one write at a time (rollups, field types, live
// state checkpoint). The owner's `write` captures its state synchronously when called and resolves once the
// file is durable (writeFileAtomic); it returns at once when nothing changed since its last save.
//
// Single flight: a save asked for while one runs is not started alongside it nor dropped, but run once after
// it, shared by every caller who asked meanwhile (so it includes what changed during the running write).
// A failed write is logged, not thrown: the state stays in memory and the next save tries again.
import type { Logger } from '../logger';

export interface PeriodicSaveOptions {
  /** Writes the owner's current state; the state is taken before its first await. */
  write: () => Promise<void>;
  logger: Logger;
  /** What is saved, for the log ("rollups", "field types", …). */
  what: string;
}

export class PeriodicSave {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: PeriodicSaveOptions) {}

  /** Saves every `intervalMs` from now on (the timer does not keep the process alive). */
  start(intervalMs: number): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.save(), intervalMs);
    this.timer.unref();
  }

  /** True while a write runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Saves now, or once more right after the running write; resolves when the state as of this call is on disk
   * (or its write failed and was logged). Never rejects.
   */
  save(): Promise<void> {
    if (this.next) return this.next;
    if (!this.running) return this.run();
    this.next = this.running.then(() => {
      this.next = undefined;
      return this.run();
    });
    return this.next;
  }

  /** Stops the timer, waits for a running write, then saves once more. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.save();
  }

  private run(): Promise<void> {
    let written: Promise<void>;
    try {
      written = this.opts.write(); // called synchronously: the state is the one of this moment
    } catch (e) {
      written = Promise.reject(e);
    }
    const running = written
      .catch((e: unknown) => {
        this.opts.logger('error', `${this.opts.what}: save failed`, { error: String(e) });
      })
      .finally(() => {
        if (this.running === running) this.running = undefined;
      });
    this.running = running;
    return running;
  }
}

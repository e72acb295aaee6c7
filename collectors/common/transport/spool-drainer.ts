// Drains the disk spool into the server in order, one batch at a time through ServerWriter.deliver. A
// retryable failure (server down, 5xx, 429) keeps the batch and retries it with backoff; a final one (4xx) is
// logged, copied to rejected.lp in the spool dir and skipped. A partial batch waits flushIntervalMs for more.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { Backoff, sleep } from '../../../shared/backoff';
import type { Logger } from '../../../shared/logger';
import type { DiskSpool } from './disk-spool';
import type { ServerWriter } from './server-writer';

export interface DrainerOptions {
  batchSize: number;
  flushIntervalMs: number;
  minRetryDelayMs: number;
  maxRetryDelayMs: number;
  log: Logger;
  /** Called after each batch leaves the spool (delivered or set aside). */
  onCommit: () => void;
}

export class SpoolDrainer {
  /** Whether the last request reached the server (undefined before the first). */
  serverUp: boolean | undefined;
  lastError: string | undefined;
  private readonly backoff: Backoff;
  private readonly lingering = new AbortController();
  private wake: (() => void) | undefined;
  private deadline: number | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly spool: DiskSpool,
    private readonly server: ServerWriter,
    private readonly options: DrainerOptions,
  ) {
    this.backoff = new Backoff({ minMs: options.minRetryDelayMs, maxMs: options.maxRetryDelayMs });
    this.loop = this.run();
  }

  /** New lines were spooled. */
  kick(): void {
    this.wake?.();
  }

  /** Keeps delivering until the spool is empty or `deadline` (epoch ms) passes, then stops. */
  async stop(deadline: number): Promise<void> {
    this.deadline = deadline;
    this.lingering.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    for (;;) {
      const stopping = this.deadline !== undefined;
      if (this.spool.pendingLines === 0) {
        if (stopping) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      if (stopping && Date.now() >= this.deadline!) return;
      if (!stopping && this.spool.pendingLines < this.options.batchSize)
        await sleep(this.options.flushIntervalMs, this.lingering.signal);
      await this.sendOne();
    }
  }

  private async sendOne(): Promise<void> {
    const { lines, next } = this.spool.peek(this.options.batchSize);
    if (lines.length === 0) {
      this.spool.commit(next, this.spool.pendingLines); // only torn lines were left
      return;
    }
    const outcome = await this.server.deliver(lines);
    const log = this.options.log;
    if (outcome.ok || !outcome.retryable) {
      if (this.serverUp === false)
        log('info', `server reachable again after ${this.backoff.failures} failed attempts`);
      this.serverUp = true;
      this.backoff.reset();
      if (!outcome.ok) {
        log('error', `${outcome.message}; the batch is kept in rejected.lp`);
        const record = `# ${new Date().toISOString()} ${outcome.message}\n${lines.join('\n')}\n`;
        appendFileSync(join(this.spool.dir, 'rejected.lp'), record);
      }
      this.spool.commit(next, lines.length);
      this.options.onCommit();
      return;
    }
    this.serverUp = false;
    this.lastError = outcome.message;
    const delay = this.backoff.next();
    if (this.backoff.failures === 1 || this.backoff.failures % 10 === 0)
      log('warn', `${outcome.message}; ${this.spool.pendingLines} lines spooled, retry in ${delay} ms`);
    if (this.deadline === undefined) await sleep(delay, this.lingering.signal);
    else await sleep(Math.min(delay, Math.max(0, this.deadline - Date.now())));
  }
}

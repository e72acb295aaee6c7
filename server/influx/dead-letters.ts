// Lines InfluxDB refused as invalid (400: a field-type conflict with data already there, a line it cannot
// parse), kept in `<dataDir>/influx/rejected/upto-<seq>.lp` with the reason, never silently dropped. While any
// file there holds lines, /ready reports them (not ready) and /metrics counts them: an operator fixes and
// replays them (`curl --data-binary @file …/write`) or removes the files, and readiness returns.
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger';

/** How often the directory is counted again (an operator may remove or replay files at any time). */
const RESCAN_MS = 5000;

export class DeadLetters {
  /** Lines dead-lettered by this process; files written since the last count. */
  total = 0;
  batches = 0;
  private waitingLines = 0;
  private countedAt = 0;

  constructor(
    readonly dir: string,
    private readonly destination: string,
    private readonly logger: Logger,
  ) {}

  /** Keeps refused lines with the reason, in the file of the batch (by its last log seq). */
  add(lines: readonly string[], lastSeq: number, reason: string): void {
    if (lines.length === 0) return;
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, `upto-${lastSeq}.lp`);
    appendFileSync(
      file,
      `# rejected by ${this.destination} at ${new Date().toISOString()}: ${reason.replace(/\n/g, ' ')}\n${lines.join('\n')}\n`,
    );
    this.total += lines.length;
    this.batches++;
    this.waitingLines += lines.length;
    this.logger('error', 'InfluxDB refused lines as invalid; they were kept in a dead-letter file', {
      destination: this.destination,
      file,
      lines: lines.length,
      reason,
    });
  }

  /** Lines in the dead-letter files now (comment lines aside). */
  get waiting(): number {
    if (Date.now() - this.countedAt >= RESCAN_MS) this.count();
    return this.waitingLines;
  }

  private count(): void {
    this.countedAt = Date.now();
    let n = 0;
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((f) => f.endsWith('.lp'));
    } catch {}
    for (const name of names) {
      try {
        for (const line of readFileSync(join(this.dir, name), 'utf8').split('\n'))
          if (line.trim() !== '' && !line.startsWith('#')) n++;
      } catch {}
    }
    this.waitingLines = n;
  }
}

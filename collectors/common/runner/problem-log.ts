// Logs repeated runtime problems (corrupt frames, failing polls) without flooding: the first few of each
// kind are logged as they come, then one summary per interval with the count and the latest example.
import type { Logger } from '../../../shared/logger';

export class ProblemLog {
  private readonly kinds = new Map<string, { seen: number; unlogged: number; last: string; since: number }>();

  constructor(
    private readonly log: Logger,
    private readonly firstFew = 5,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  report(kind: string, message: string): void {
    const now = this.now();
    const k = this.kinds.get(kind) ?? { seen: 0, unlogged: 0, last: '', since: now };
    this.kinds.set(kind, k);
    k.seen++;
    if (k.seen <= this.firstFew) {
      this.log('warn', message);
      if (k.seen === this.firstFew)
        this.log('warn', `${kind}: further ones are summarised every ${this.intervalMs / 1000} s`);
      return;
    }
    k.unlogged++;
    k.last = message;
    if (now - k.since >= this.intervalMs) {
      this.log(
        'warn',
        `${kind}: ${k.unlogged} more in the last ${Math.round((now - k.since) / 1000)} s; latest: ${k.last}`,
      );
      k.unlogged = 0;
      k.since = now;
    }
  }
}

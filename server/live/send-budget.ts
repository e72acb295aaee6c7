// How long the hub may hold back event frames so that sending them stays within a share of the server's time.
// A token bucket of milliseconds: it refills at `share` ms per ms of wall time (up to a small burst) and each
// flush spends the CPU time its sends took (the hub charges CPU, not wall time: time spent waiting for a core
// on a busy machine is not sending). While the bucket is not empty events go out as soon as they are durable
// (a control room's load); once flushes cost more than the share, the next flush waits until the bucket is
// paid back, so the events of the turns in between share one frame per channel. No event waits longer than
// `maxHoldMs`: latency stays bounded, and only then may the sends exceed the share.

export class SendBudget {
  private tokens: number;
  private at: number;
  private readonly cap: number;

  /**
   * @param share of the time sends may take (0 < share ≤ 1)
   * @param maxHoldMs the longest an event is held back (0: never held)
   */
  constructor(
    readonly share: number,
    readonly maxHoldMs: number,
    now: number,
  ) {
    if (!(share > 0 && share <= 1)) throw new RangeError(`send share must be in (0, 1], got ${share}`);
    // A burst of one max-hold period's worth: an idle server sends its first flushes at once.
    this.cap = share * Math.max(maxHoldMs, 1);
    this.tokens = this.cap;
    this.at = now;
  }

  /** 0 when pending events may be sent now; otherwise the ms to wait (events pending since `pendingSince`). */
  holdMs(now: number, pendingSince: number): number {
    this.refill(now);
    if (this.tokens >= 0) return 0;
    const paidBack = now + -this.tokens / this.share;
    const deadline = pendingSince + this.maxHoldMs;
    return Math.max(0, Math.min(paidBack, deadline) - now);
  }

  /** A flush took `ms` (wall time of its sends). */
  spend(ms: number, now: number): void {
    this.refill(now);
    this.tokens -= ms;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.cap, this.tokens + Math.max(0, now - this.at) * this.share);
    this.at = now;
  }
}

// Snapshot bytes one live client may pull. A subscribe is answered with the channel's history (an hour of KPI
// rows is about 300 KB), so a client that kept subscribing could make a 1 KB message cost megabytes of
// serialising and sending. Each client has a bucket of `bytesPerMinute` that refills continuously; a snapshot
// goes out while the bucket is not empty (so one snapshot larger than the whole budget still can, once) and
// its bytes are taken afterwards: a client gets at most the budget plus one snapshot per minute.

export class SnapshotBudget {
  private tokens: number;
  private at: number;

  /** `bytesPerMinute` 0: no budget. */
  constructor(
    readonly bytesPerMinute: number,
    private readonly now: () => number,
  ) {
    this.tokens = bytesPerMinute;
    this.at = now();
  }

  /** 0 when a snapshot may be sent now; otherwise the ms until it may. */
  waitMs(): number {
    if (this.bytesPerMinute <= 0) return 0;
    this.refill();
    return this.tokens > 0 ? 0 : Math.ceil(((1 - this.tokens) / this.bytesPerMinute) * 60_000);
  }

  spend(bytes: number): void {
    if (this.bytesPerMinute <= 0) return;
    this.refill();
    this.tokens -= bytes;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(
      this.bytesPerMinute,
      this.tokens + ((now - this.at) / 60_000) * this.bytesPerMinute,
    );
    this.at = now;
  }
}

// The gate → weighbridge plate link: every vehicle read is POSTed to the weighbridge collector's /plates, so
// a weighing on that lane can be identified. Best effort: a failed post is reported (throttled), not retried,
// because a plate is only useful within the weighbridge's matching window.
import type { ProblemLog } from '../common/runner/problem-log';

export interface PlateRead {
  gate: string;
  lane: string;
  plate: string;
  time: number;
}

export class PlateForwarder {
  forwarded = 0;
  failed = 0;

  constructor(
    private readonly url: string,
    private readonly problems: ProblemLog,
    private readonly timeoutMs = 2000,
  ) {}

  forward(read: PlateRead): void {
    void fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...read, time: new Date(read.time).toISOString() }),
      signal: AbortSignal.timeout(this.timeoutMs),
    })
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
        this.forwarded++;
      })
      .catch((e: Error) => {
        this.failed++;
        this.problems.report(
          'plate forwarding',
          `forwarding ${read.plate} to ${this.url} failed: ${e.message}`,
        );
      });
  }
}

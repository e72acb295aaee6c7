// Replay progress on stderr: a bar redrawn in place on a terminal, or plain lines every few seconds
// otherwise (logs, CI). Both show events sent of the total, the rate over the last interval, and an ETA.
// The total counts every line that may hold an event; lines found invalid are done too (skipped, not sent).

export interface ProgressState {
  sent: number;
  /** Lines skipped as invalid. */
  invalid?: number;
  total: number;
  /** Lines per second, recent. */
  rate: number;
}

const clock = (seconds: number) => {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
};

const done = (p: ProgressState) => p.sent + (p.invalid ?? 0);
const eta = (p: ProgressState) => {
  const left = p.total - done(p);
  if (left <= 0) return 0;
  return p.rate > 0 ? left / p.rate : Number.POSITIVE_INFINITY;
};
const share = (p: ProgressState) => (p.total > 0 ? Math.min(1, done(p) / p.total) : 1);
const num = (n: number) => n.toLocaleString('en-US');

export function progressBar(p: ProgressState, width = 24): string {
  const filled = Math.round(share(p) * width);
  return (
    `replay [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(share(p) * 100).toFixed(1).padStart(5)}% ` +
    `${num(p.sent)}/${num(p.total)} events${p.invalid ? ` (${num(p.invalid)} invalid)` : ''}  ` +
    `${num(Math.round(p.rate))} ev/s  ETA ${clock(eta(p))}`
  );
}

export function progressLine(p: ProgressState): string {
  const invalid = p.invalid ? `, ${p.invalid} invalid` : '';
  return `replay: ${p.sent}/${p.total} events (${(share(p) * 100).toFixed(1)}%)${invalid}, ${Math.round(p.rate)} events/s, ETA ${clock(eta(p))}`;
}

export class ProgressReporter {
  private timer: NodeJS.Timeout | undefined;
  private lastDone = 0;
  private lastAt = Date.now();
  private rate = 0;

  constructor(
    private readonly mode: 'bar' | 'lines',
    private readonly state: () => { sent: number; invalid: number; total: number },
    private readonly write: (text: string) => void,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.render(), this.mode === 'bar' ? 200 : this.intervalMs);
    this.timer.unref();
  }

  /** The last render, ending the bar's line. */
  stop(): void {
    clearInterval(this.timer);
    this.render();
    if (this.mode === 'bar') this.write('\n');
  }

  private render(): void {
    const { sent, invalid, total } = this.state();
    const now = Date.now();
    if (now > this.lastAt) {
      const instant = ((sent + invalid - this.lastDone) * 1000) / (now - this.lastAt);
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
    }
    this.lastDone = sent + invalid;
    this.lastAt = now;
    const p = { sent, invalid, total, rate: this.rate };
    this.write(this.mode === 'bar' ? `\r${progressBar(p)}\x1b[K` : `${progressLine(p)}\n`);
  }
}

// Replay progress on stderr: a bar redrawn in place on a terminal, or plain lines every few seconds
// otherwise (logs, CI). Both show events sent of the total, the rate over the last interval, and an ETA.

export interface ProgressState {
  sent: number;
  total: number;
  /** Events per second, recent. */
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

const eta = (p: ProgressState) => (p.rate > 0 ? (p.total - p.sent) / p.rate : Number.POSITIVE_INFINITY);
const share = (p: ProgressState) => (p.total > 0 ? Math.min(1, p.sent / p.total) : 1);
const num = (n: number) => n.toLocaleString('en-US');

export function progressBar(p: ProgressState, width = 24): string {
  const filled = Math.round(share(p) * width);
  return (
    `replay [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(share(p) * 100).toFixed(1).padStart(5)}% ` +
    `${num(p.sent)}/${num(p.total)} events  ${num(Math.round(p.rate))} ev/s  ETA ${clock(eta(p))}`
  );
}

export function progressLine(p: ProgressState): string {
  return `replay: ${p.sent}/${p.total} events (${(share(p) * 100).toFixed(1)}%), ${Math.round(p.rate)} events/s, ETA ${clock(eta(p))}`;
}

export class ProgressReporter {
  private timer: NodeJS.Timeout | undefined;
  private lastSent = 0;
  private lastAt = Date.now();
  private rate = 0;

  constructor(
    private readonly mode: 'bar' | 'lines',
    private readonly state: () => { sent: number; total: number },
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
    const { sent, total } = this.state();
    const now = Date.now();
    if (now > this.lastAt) {
      const instant = ((sent - this.lastSent) * 1000) / (now - this.lastAt);
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
    }
    this.lastSent = sent;
    this.lastAt = now;
    const p = { sent, total, rate: this.rate };
    this.write(this.mode === 'bar' ? `\r${progressBar(p)}\x1b[K` : `${progressLine(p)}\n`);
  }
}

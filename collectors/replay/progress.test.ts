// What the progress output says: share, counts, rate and ETA, as a bar and as a plain line.
import { describe, expect, it } from 'vitest';
import { ProgressReporter, progressBar, progressLine } from './progress';

describe('replay progress', () => {
  it('renders a bar with share, counts, rate and ETA', () => {
    expect(progressBar({ sent: 4120, total: 10_000, rate: 812 }, 10)).toBe(
      'replay [████░░░░░░]  41.2% 4,120/10,000 events  812 ev/s  ETA 00:07',
    );
    expect(progressBar({ sent: 0, total: 5, rate: 0 }, 4)).toContain('ETA --:--');
  });

  it('renders plain lines for logs', () => {
    expect(progressLine({ sent: 500, total: 2000, rate: 0.25 })).toBe(
      'replay: 500/2000 events (25.0%), 0 events/s, ETA 1:40:00',
    );
  });

  it('redraws the bar in place and ends its line on stop', () => {
    const out: string[] = [];
    const r = new ProgressReporter(
      'bar',
      () => ({ sent: 3, total: 3 }),
      (t) => out.push(t),
      1000,
    );
    r.start();
    r.stop();
    expect(out[0]).toMatch(/^\rreplay \[█+\] 100\.0% 3\/3 events/);
    expect(out.at(-1)).toBe('\n');
  });
});

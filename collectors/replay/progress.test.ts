// What the progress output says: share, counts, rate and ETA, as a bar and as a plain line.
import { describe, expect, it, vi } from 'vitest';
import { goldenCases } from '../common/testing/golden';
import { ProgressReporter, progressBar, progressLine } from './progress';
import { replayCase } from './testing/replay-case';

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

  it('counts invalid lines as done: the share and the ETA cover them', () => {
    expect(progressLine({ sent: 90, invalid: 10, total: 200, rate: 10 })).toBe(
      'replay: 90/200 events (50.0%), 10 invalid, 10 events/s, ETA 00:10',
    );
    expect(progressBar({ sent: 8, invalid: 2, total: 10, rate: 0 }, 4)).toBe(
      'replay [████] 100.0% 8/10 events (2 invalid)  0 ev/s  ETA 00:00',
    );
  });

  it('redraws the bar in place and ends its line on stop', () => {
    const out: string[] = [];
    const r = new ProgressReporter(
      'bar',
      () => ({ sent: 3, invalid: 0, total: 3 }),
      (t) => out.push(t),
      1000,
    );
    r.start();
    r.stop();
    expect(out[0]).toMatch(/^\rreplay \[█+\] 100\.0% 3\/3 events/);
    expect(out.at(-1)).toBe('\n');
  });

  it('ends at 100% when the file had invalid lines (skipped, not sent)', async () => {
    const lpMixed = goldenCases(import.meta.dirname).find((c) => c.name === 'lp-mixed')!;
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((t) => {
      written.push(String(t));
      return true;
    });
    try {
      await replayCase({ ...lpMixed, config: { ...lpMixed.config, progress: 'lines' } });
    } finally {
      stderr.mockRestore();
    }
    expect(written.at(-1)).toMatch(
      /^replay: 4\/6 events \(100\.0%\), 2 invalid, \d+ events\/s, ETA 00:00\n$/,
    );
  });
});

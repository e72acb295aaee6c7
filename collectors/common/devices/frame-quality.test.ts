// The invalid-frame share over a sliding window: a verdict only with enough frames, one warning per window
// while the line stays bad, and frames leaving the window (a tenth of it late at most: counts sit in buckets).
import { describe, expect, it } from 'vitest';
import { FrameQuality } from './frame-quality';

const quality = () => new FrameQuality({ windowMs: 60_000, warnPercent: 20, minFrames: 20 });

describe('FrameQuality', () => {
  it('warns once per window while too many frames are invalid', () => {
    const q = quality();
    for (let s = 0; s < 10; s++) q.add(s * 1000, 6, 4); // 40 % invalid, 100 frames by 9 s
    expect(q.summary(9000)).toEqual({ frames: 100, invalid: 40, percent: 40 });
    expect(q.warning(9000)).toEqual({ frames: 100, invalid: 40, percent: 40 });
    expect(q.warning(10_000)).toBeUndefined(); // already said within this window
    q.add(30_000, 0, 30);
    expect(q.warning(30_000)).toBeUndefined();
    // A window (plus a bucket, a tenth of it) later, the first frames have left it.
    expect(q.warning(72_000)).toEqual({ frames: 30, invalid: 30, percent: 100 });
    expect(q.warnings).toBe(2);
  });

  it('gives no verdict on a few frames, nor on line noise', () => {
    const q = quality();
    q.add(0, 5, 5);
    expect(q.suspect(0)).toBe(false); // 10 frames: too few to judge
    for (let s = 1; s <= 60; s++) q.add(s * 1000, 10, 0.5);
    expect(q.summary(60_000).percent).toBeLessThan(20);
    expect(q.warning(60_000)).toBeUndefined();
    expect(q.warnings).toBe(0);
  });

  it('forgets frames older than the window', () => {
    const q = quality();
    q.add(0, 0, 50);
    expect(q.suspect(1000)).toBe(true);
    expect(q.suspect(60_000)).toBe(true);
    expect(q.summary(66_000)).toEqual({ frames: 0, invalid: 0, percent: 0 });
    expect(q.suspect(66_000)).toBe(false);
  });
});

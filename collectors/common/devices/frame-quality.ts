// The share of invalid frames a device link delivered over a sliding window. A few bad frames are line
// noise; a large share means the two ends do not agree on the line (baud rate, parity, data bits), which
// garbles nearly every frame without any error from the port. Counts sit in buckets of a tenth of the
// window, so the memory is fixed whatever the frame rate (and a frame leaves the window up to a tenth late).

export interface FrameQualityOptions {
  windowMs: number;
  /** Warn from this share of invalid frames (0–100). */
  warnPercent: number;
  /** Below this many frames in the window, no verdict (a quiet indicator is not a bad line). */
  minFrames: number;
}

export interface FrameQualitySummary {
  /** Frames seen in the window, valid and invalid (may be fractional: skipped bytes count as frame shares). */
  frames: number;
  invalid: number;
  /** Rounded share of invalid frames; 0 with no frames. */
  percent: number;
}

type Bucket = { start: number; valid: number; invalid: number };

export class FrameQuality {
  /** Warnings given so far (a metric). */
  warnings = 0;
  private buckets: Bucket[] = [];
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  private readonly bucketMs: number;

  constructor(private readonly options: FrameQualityOptions) {
    this.bucketMs = Math.max(1, options.windowMs / 10);
  }

  add(now: number, valid: number, invalid: number): void {
    if (valid === 0 && invalid === 0) return;
    const start = now - (now % this.bucketMs);
    let last = this.buckets.at(-1);
    if (!last || last.start !== start) {
      last = { start, valid: 0, invalid: 0 };
      this.buckets.push(last);
    }
    last.valid += valid;
    last.invalid += invalid;
  }

  summary(now: number): FrameQualitySummary {
    this.prune(now);
    let valid = 0;
    let invalid = 0;
    for (const b of this.buckets) {
      valid += b.valid;
      invalid += b.invalid;
    }
    const frames = valid + invalid;
    return { frames, invalid, percent: frames === 0 ? 0 : Math.round((invalid / frames) * 100) };
  }

  /** True while the window holds enough frames and too large a share of them is invalid. */
  suspect(now: number): boolean {
    const s = this.summary(now);
    return s.frames >= this.options.minFrames && s.percent >= this.options.warnPercent;
  }

  /** The summary when a warning is due: the line is suspect and no warning was given within the window. */
  warning(now: number): FrameQualitySummary | undefined {
    if (now - this.lastWarnAt < this.options.windowMs || !this.suspect(now)) return undefined;
    this.lastWarnAt = now;
    this.warnings++;
    return this.summary(now);
  }

  private prune(now: number): void {
    const oldest = now - this.options.windowMs;
    while (this.buckets.length > 0 && this.buckets[0]!.start + this.bucketMs <= oldest) this.buckets.shift();
  }
}

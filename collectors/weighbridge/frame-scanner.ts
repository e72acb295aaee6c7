// Splits a byte stream into fixed-length frames that begin with a start byte (XK3190 tF=0 and tF=2, Toledo
// continuous output), whatever the chunking: bytes before a start byte are skipped (noise), a frame that
// fails its decoder is counted corrupt and the scan resumes at the next start byte after its first byte.
import type { DecodedChunk, IndicatorDecoder, IndicatorReading } from './indicator-reading';
import { hexBytes } from './indicator-reading';

export interface FrameSpec {
  /** For problem lines, e.g. "XK3190". */
  name: string;
  start: number;
  length: number;
  /** The frame's reading, or why the frame is not valid. */
  decode(frame: Buffer): IndicatorReading | string;
}

export class FrameScanner implements IndicatorDecoder {
  readonly counters = { frames: 0, corrupt: 0, skippedBytes: 0 };
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly spec: FrameSpec) {}

  reset(): void {
    this.pending = Buffer.alloc(0);
  }

  push(chunk: Buffer): DecodedChunk {
    const { start, length, name } = this.spec;
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const before = { ...this.counters };
    const readings: IndicatorReading[] = [];
    const problems: string[] = [];
    let i = 0;
    for (;;) {
      const at = buf.indexOf(start, i);
      if (at < 0) {
        this.counters.skippedBytes += buf.length - i;
        this.pending = Buffer.alloc(0);
        break;
      }
      this.counters.skippedBytes += at - i;
      if (buf.length - at < length) {
        this.pending = Buffer.from(buf.subarray(at));
        break;
      }
      const frame = buf.subarray(at, at + length);
      const decoded = this.spec.decode(frame);
      if (typeof decoded === 'string') {
        this.counters.corrupt++;
        problems.push(`corrupt ${name} frame: ${decoded}: ${hexBytes(frame)}`);
        i = at + 1;
        continue;
      }
      this.counters.frames++;
      readings.push(decoded);
      i = at + length;
    }
    return { readings, problems, ...frameShares(before, this.counters, length) };
  }
}

type FrameCounters = { frames: number; corrupt: number; skippedBytes: number };

/** Valid and invalid frames between two readings of a decoder's counters, skipped bytes as frame shares. */
export function frameShares(before: FrameCounters, after: FrameCounters, frameBytes: number) {
  return {
    valid: after.frames - before.frames,
    invalid: after.corrupt - before.corrupt + (after.skippedBytes - before.skippedBytes) / frameBytes,
  };
}

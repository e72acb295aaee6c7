// The collectors' disk spool: an append-only queue of line-protocol lines in numbered segment files, read in
// order from a persisted cursor. Every process start appends to a new segment, so a torn tail left by a crash
// stays in an old segment, where the reader drops the incomplete last line. Drained segments are deleted.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../shared/logger';
import { readJsonFile, writeFileAtomic } from '../runner/atomic-file';

export interface SpoolCursor {
  segment: number;
  offset: number;
}

export interface DiskSpoolOptions {
  /** Bytes after which appends roll to a new segment (default 8 MiB). */
  segmentBytes?: number;
  /** fsync every append and cursor update (default true): the spool then survives a power cut. */
  fsync?: boolean;
  log?: Logger;
}

const SEGMENT_RE = /^(\d{12})\.lp$/;
const name = (segment: number) => `${String(segment).padStart(12, '0')}.lp`;
const READ_CHUNK = 1 << 20;

export class DiskSpool {
  private readonly segmentBytes: number;
  private readonly fsync: boolean;
  private segments: number[];
  private cursor: SpoolCursor;
  private fd: number;
  private writeSegment: number;
  private writeOffset = 0;
  /** Lines appended and not yet committed. */
  pendingLines: number;

  constructor(
    readonly dir: string,
    private readonly options: DiskSpoolOptions = {},
  ) {
    this.segmentBytes = options.segmentBytes ?? 8 * 1024 * 1024;
    this.fsync = options.fsync ?? true;
    mkdirSync(dir, { recursive: true });
    this.segments = readdirSync(dir)
      .map((n) => SEGMENT_RE.exec(n)?.[1])
      .filter((s) => s !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const saved = readJsonFile<SpoolCursor>(join(dir, 'cursor.json'));
    const first = this.segments[0] ?? 1;
    this.cursor = saved && this.segments.includes(saved.segment) ? saved : { segment: first, offset: 0 };
    this.pendingLines = this.countPending();
    this.writeSegment = (this.segments.at(-1) ?? 0) + 1;
    this.fd = this.openSegment(this.writeSegment);
  }

  /** Appends lines (no line breaks inside) as one write. */
  append(lines: string[]): void {
    if (lines.length === 0) return;
    if (this.writeOffset >= this.segmentBytes) {
      closeSync(this.fd);
      this.writeSegment++;
      this.fd = this.openSegment(this.writeSegment);
    }
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    writeSync(this.fd, bytes);
    if (this.fsync) fsyncSync(this.fd);
    this.writeOffset += bytes.length;
    this.pendingLines += lines.length;
  }

  /** Up to `max` lines from the cursor on, and the cursor after them; nothing is consumed until commit. */
  peek(max: number): { lines: string[]; next: SpoolCursor } {
    const lines: string[] = [];
    let at = { ...this.cursor };
    while (lines.length < max) {
      const size = at.segment === this.writeSegment ? this.writeOffset : this.fileSize(at.segment);
      const { offset } = this.readLines(at, size, max - lines.length, lines);
      at = { segment: at.segment, offset };
      if (lines.length >= max) break;
      const later = this.segments.find((s) => s > at.segment);
      if (later === undefined) break;
      if (offset < size)
        this.options.log?.('warn', `spool: ${name(at.segment)} ends with a torn line; skipped`);
      at = { segment: later, offset: 0 };
    }
    return { lines, next: at };
  }

  /** Marks everything before `next` delivered: persists the cursor and deletes drained segments. */
  commit(next: SpoolCursor, lines: number): void {
    this.cursor = next;
    this.pendingLines = Math.max(0, this.pendingLines - lines);
    writeFileAtomic(join(this.dir, 'cursor.json'), JSON.stringify(next), this.fsync);
    for (const s of this.segments.filter((s) => s < next.segment)) unlinkSync(join(this.dir, name(s)));
    this.segments = this.segments.filter((s) => s >= next.segment);
  }

  close(): void {
    closeSync(this.fd);
  }

  private openSegment(segment: number): number {
    const fd = openSync(join(this.dir, name(segment)), 'a');
    this.segments.push(segment);
    this.writeOffset = 0;
    return fd;
  }

  private fileSize(segment: number): number {
    return statSync(join(this.dir, name(segment))).size;
  }

  /**
   * Reads complete lines of one segment from `at` up to `size` (into `out`, or only counted); returns the offset
   * after the last one read and how many were read.
   */
  private readLines(
    at: SpoolCursor,
    size: number,
    max: number,
    out: string[] | undefined,
  ): { offset: number; count: number } {
    let offset = at.offset;
    let count = 0;
    if (offset >= size) return { offset, count };
    const fd = openSync(join(this.dir, name(at.segment)), 'r');
    try {
      while (offset < size && count < max) {
        const buf = Buffer.alloc(Math.min(READ_CHUNK, size - offset));
        const n = readSync(fd, buf, 0, buf.length, offset);
        let start = 0;
        for (let nl = buf.indexOf(10); nl >= 0 && nl < n && count < max; nl = buf.indexOf(10, start)) {
          out?.push(buf.toString('utf8', start, nl));
          count++;
          start = nl + 1;
        }
        if (start === 0) break; // a torn tail (lines are far shorter than a chunk)
        offset += start;
      }
      return { offset, count };
    } finally {
      closeSync(fd);
    }
  }

  private countPending(): number {
    let n = 0;
    for (const s of this.segments.filter((s) => s >= this.cursor.segment)) {
      const from = s === this.cursor.segment ? this.cursor.offset : 0;
      n += this.readLines(
        { segment: s, offset: from },
        this.fileSize(s),
        Number.POSITIVE_INFINITY,
        undefined,
      ).count;
    }
    return n;
  }
}

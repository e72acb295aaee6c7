// The durable, append-only local log: segmented line-protocol files of checksummed blocks, with group
// commit (appends that arrive while a flush is under way share the next write + fsync) and recovery of a
// torn tail at open. An append resolves only once its points are on disk.
import { mkdirSync } from 'node:fs';
import { type FileHandle, open, readdir, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { nsToMs } from '../../shared/events/point-conversion';
import { formatPoint } from '../../shared/line-protocol/format';
import { parseLineProtocol } from '../../shared/line-protocol/parse';
import type { Point } from '../../shared/line-protocol/types';
import type { Logger } from '../../shared/logger';
import { decodeBlock, encodeBlockBodies, encodeLines } from './log-block';
import { addBlock, type BlockRef, type SegmentMeta, scanSegment } from './segment-scan';
import type { EventStore, StoredPoint } from './store';
import { LogClosedError, LogFullError, LogWriteError } from './store-errors';

export interface EventLogOptions {
  dir: string;
  segmentBytes: number;
  fsync: boolean;
  /** Total bytes the log may use; appends beyond get 503 (never a silent drop). */
  maxBytes?: number;
  log?: Logger;
  /** Called with each fsync's duration in ms (for the latency histogram of /metrics). */
  onFsync?: (ms: number) => void;
}

export interface RawBlock {
  ref: BlockRef;
  /** The block's lines, newline-terminated. */
  body: Buffer;
}

interface PendingAppend {
  /** The append's lines as block body bytes (encoded once, at admission). */
  body: Buffer;
  count: number;
  /** Bytes reserved against the disk budget at admission (UTF-8 body plus a block header). */
  reserved: number;
  minTimeMs: number;
  maxTimeMs: number;
  resolve: (firstSeq: number) => void;
  reject: (e: unknown) => void;
}

const READ_CHUNK = 8 * 1024 * 1024;
/**
 * The longest block header encodeBlock writes (`#pp1 ` + seq, count, length, CRC and two ms times, 82 bytes at
 * most), reserved per append: appends queued together share one header, so reservations never fall short.
 */
const BLOCK_HEADER_RESERVE = 96;
const SEGMENT_RE = /^(\d{20})\.lp$/;
const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(20, '0')}.lp`;

export class EventLog implements EventStore {
  private segments: SegmentMeta[] = [];
  private active!: FileHandle;
  private nextSeq = 1;
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  private totalBytes = 0;
  /** Bytes admitted against the disk budget but not yet written (appends queued or being flushed). */
  private reservedBytes = 0;
  /** Why the last write failed (cleared by the next good one); shown by /ready. */
  private lastWriteError: string | undefined;
  /** Set when a failed write's partial bytes could not be cut off: appending after them would corrupt the log. */
  private broken: string | undefined;
  /** fsync durations (ms) of recent flushes, for operators and benchmarks. */
  readonly stats = { flushes: 0, lastFsyncMs: 0, appendedPoints: 0, refusedAt: 0 };

  private constructor(private readonly opts: EventLogOptions) {}

  static async open(opts: EventLogOptions): Promise<EventLog> {
    const log = new EventLog(opts);
    await log.recover();
    return log;
  }

  private async recover(): Promise<void> {
    mkdirSync(this.opts.dir, { recursive: true });
    const names = (await readdir(this.opts.dir)).filter((n) => SEGMENT_RE.test(n)).sort();
    for (const [i, name] of names.entries()) {
      const path = join(this.opts.dir, name);
      const isLast = i === names.length - 1;
      const fh = await open(path, 'r');
      const scan = await scanSegment(fh, path, Number(SEGMENT_RE.exec(name)![1]), isLast);
      await fh.close();
      if (scan.problem) {
        const lost = scan.fileBytes - scan.meta.bytes;
        this.opts.log?.(
          'warn',
          `event log: ${name}: ${scan.problem}; truncating ${lost} bytes of unacknowledged tail (crash during a write)`,
        );
        await truncate(path, scan.meta.bytes);
      }
      this.segments.push(scan.meta);
      this.totalBytes += scan.meta.bytes;
      if (scan.meta.lastSeq > 0) this.nextSeq = scan.meta.lastSeq + 1;
      // An empty segment (all before it dropped by retention) still says where the seqs go on.
      else this.nextSeq = Math.max(this.nextSeq, scan.meta.firstSeq);
    }
    const last = this.segments.at(-1);
    if (last && last.bytes < this.opts.segmentBytes) {
      this.active = await open(last.path, 'a');
    } else {
      await this.roll();
    }
  }

  private async roll(): Promise<void> {
    if (this.active) await this.active.close();
    const path = join(this.opts.dir, segmentName(this.nextSeq));
    this.active = await open(path, 'a');
    this.segments.push({
      path,
      blocks: [],
      firstSeq: this.nextSeq,
      lastSeq: 0,
      minTimeMs: Number.POSITIVE_INFINITY,
      maxTimeMs: Number.NEGATIVE_INFINITY,
      bytes: 0,
    });
  }

  lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Seq of the oldest point still in the log (lastSeq() + 1 when it holds none). */
  firstSeq(): number {
    return this.segments.find((s) => s.lastSeq > 0)?.firstSeq ?? this.nextSeq;
  }

  /**
   * Retention: deletes whole closed segments (never the one being written, never a later one before an earlier
   * one) whose events are all older than `beforeMs` and whose seqs are all ≤ `upToSeq` — what every
   * checkpointed reader (rollups, InfluxDB shipping) has already consumed.
   */
  async dropSegments(
    beforeMs: number,
    upToSeq: number,
  ): Promise<{ segments: number; bytes: number; events: number }> {
    const dropped = { segments: 0, bytes: 0, events: 0 };
    while (this.segments.length > 1) {
      const seg = this.segments[0]!;
      if (seg.lastSeq > upToSeq || seg.maxTimeMs >= beforeMs) break;
      this.segments.shift();
      await unlink(seg.path);
      this.totalBytes -= seg.bytes;
      dropped.segments++;
      dropped.bytes += seg.bytes;
      if (seg.lastSeq > 0) dropped.events += seg.lastSeq - seg.firstSeq + 1;
    }
    return dropped;
  }

  get sizeBytes(): number {
    return this.totalBytes;
  }

  /** True while the disk budget is exhausted (a write was refused in the last 30 s, or the budget is used up). */
  get full(): boolean {
    const max = this.opts.maxBytes;
    return max !== undefined && (this.totalBytes >= max || Date.now() - this.stats.refusedAt < 30_000);
  }

  /** Why writes fail now (a disk error), or undefined while the log takes writes. */
  get writeError(): string | undefined {
    return this.broken ?? this.lastWriteError;
  }

  append(points: Point[], formatted?: readonly string[], encoded?: Buffer): Promise<number> {
    if (this.closed) return Promise.reject(new LogClosedError());
    if (this.broken) return Promise.reject(new LogWriteError(this.broken, true));
    if (points.length === 0) return Promise.resolve(this.nextSeq);
    if (formatted !== undefined && formatted.length !== points.length)
      throw new Error('event log: one line per point');
    const lines: string[] = formatted === undefined ? new Array(points.length) : (formatted as string[]);
    let minTimeMs = Number.POSITIVE_INFINITY;
    let maxTimeMs = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      if (p.timestamp === undefined) throw new Error('event log: points must carry a timestamp');
      if (formatted === undefined) lines[i] = formatPoint(p, 'ns');
      const t = nsToMs(p.timestamp);
      if (t < minTimeMs) minTimeMs = t;
      if (t > maxTimeMs) maxTimeMs = t;
    }
    // Encoded once here (unless the caller has the bytes): they both count against the budget and become the
    // block body.
    const body = encoded ?? encodeLines(lines);
    const bytes = BLOCK_HEADER_RESERVE + body.length;
    // Admission reserves the bytes, counting appends already queued, so concurrent writes cannot overshoot.
    if (
      this.opts.maxBytes !== undefined &&
      this.totalBytes + this.reservedBytes + bytes > this.opts.maxBytes
    ) {
      this.stats.refusedAt = Date.now();
      return Promise.reject(new LogFullError(this.totalBytes, this.reservedBytes, this.opts.maxBytes, bytes));
    }
    this.reservedBytes += bytes;
    return new Promise<number>((resolve, reject) => {
      this.pending.push({
        body,
        count: points.length,
        reserved: bytes,
        minTimeMs,
        maxTimeMs,
        resolve,
        reject,
      });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.writeGroup(batch);
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeGroup(batch: PendingAppend[]): Promise<void> {
    const firstSeq = this.nextSeq;
    let count = 0;
    let minTimeMs = Number.POSITIVE_INFINITY;
    let maxTimeMs = Number.NEGATIVE_INFINITY;
    for (const b of batch) {
      count += b.count;
      if (b.minTimeMs < minTimeMs) minTimeMs = b.minTimeMs;
      if (b.maxTimeMs > maxTimeMs) maxTimeMs = b.maxTimeMs;
    }
    const block = encodeBlockBodies(
      firstSeq,
      count,
      batch.map((b) => b.body),
      minTimeMs,
      maxTimeMs,
    );
    // Written or failed, the batch then gives its reservation back (totalBytes counts what was written).
    const reserved = batch.reduce((n, b) => n + b.reserved, 0);
    try {
      await this.active.write(block);
      if (this.opts.fsync) {
        const t0 = performance.now();
        await this.active.datasync();
        this.stats.lastFsyncMs = performance.now() - t0;
        this.opts.onFsync?.(this.stats.lastFsyncMs);
      }
    } catch (e) {
      // Nothing was acknowledged, but the file may hold part (or all) of this block. It is cut back to the last
      // acknowledged byte, or the next block would follow the torn bytes under the same seqs and a restart would
      // drop it. If even that fails, the log refuses writes until it is reopened (recovery cuts the tail).
      this.lastWriteError = (e as Error).message;
      this.reservedBytes -= reserved;
      for (const b of batch) b.reject(new LogWriteError(this.lastWriteError));
      try {
        await this.active.truncate(this.segments.at(-1)!.bytes);
      } catch (t) {
        this.broken = `${this.lastWriteError}; cutting the failed write off also failed: ${(t as Error).message}`;
      }
      return;
    }
    this.lastWriteError = undefined;
    const seg = this.segments.at(-1)!;
    addBlock(
      seg,
      { firstSeq, count, length: 0, crc: 0, minTimeMs, maxTimeMs },
      seg.bytes,
      seg.bytes + block.length,
    );
    this.totalBytes += block.length;
    this.reservedBytes -= reserved;
    this.nextSeq += count;
    this.stats.flushes++;
    this.stats.appendedPoints += count;
    let seq = firstSeq;
    for (const b of batch) {
      b.resolve(seq);
      seq += b.count;
    }
    if (seg.bytes >= this.opts.segmentBytes) await this.roll();
  }

  /** The intact blocks the filters keep, in log order, read in bounded chunks by seeking. */
  private async *rawBlocks(
    keepSegment: (s: SegmentMeta) => boolean,
    keepBlock: (b: BlockRef) => boolean,
  ): AsyncIterable<RawBlock> {
    for (const seg of [...this.segments]) {
      if (seg.lastSeq === 0 || !keepSegment(seg)) continue;
      const wanted = seg.blocks.filter(keepBlock);
      if (wanted.length === 0) continue;
      let fh: FileHandle;
      try {
        fh = await open(seg.path, 'r');
      } catch (e) {
        // Dropped by retention while this reader was on its way: retention only drops what all readers are past.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !this.segments.includes(seg)) continue;
        throw e;
      }
      try {
        for (let i = 0; i < wanted.length; ) {
          // One positional read for a run of blocks (up to READ_CHUNK bytes, at least one block).
          let j = i;
          while (j + 1 < wanted.length && wanted[j + 1]!.end - wanted[i]!.offset <= READ_CHUNK) j++;
          const start = wanted[i]!.offset;
          const buf = Buffer.allocUnsafe(wanted[j]!.end - start);
          await fh.read(buf, 0, buf.length, start);
          for (let k = i; k <= j; k++) {
            const ref = wanted[k]!;
            const b = decodeBlock(buf, ref.offset - start);
            if (b === undefined || 'error' in b) {
              throw new Error(
                `event log: ${seg.path}: block at byte ${ref.offset} is unreadable (${b?.error ?? 'missing'})`,
              );
            }
            yield { ref, body: b.body };
          }
          i = j + 1;
        }
      } finally {
        await fh.close();
      }
    }
  }

  /** Each block's points, a block at a time (one promise per block rather than per point). */
  private async *pointBlocks(blocks: AsyncIterable<RawBlock>): AsyncIterable<StoredPoint[]> {
    for await (const { ref, body } of blocks) {
      const { lines } = parseLineProtocol(body.toString('utf8'), { precision: 'ns' });
      const out: StoredPoint[] = new Array(lines.length);
      for (let i = 0; i < lines.length; i++) {
        const { line, point, seriesText, fieldText } = lines[i]!;
        out[i] = { seq: ref.firstSeq + line - 1, point, seriesText, fieldText };
      }
      yield out;
    }
  }

  /** Raw blocks (line protocol, ns) holding seq ≥ fromSeq: shipping to InfluxDB needs no parse/format. */
  readBlocksFrom(fromSeq: number): AsyncIterable<RawBlock> {
    return this.rawBlocks(
      (s) => s.lastSeq >= fromSeq,
      (b) => b.firstSeq + b.count - 1 >= fromSeq,
    );
  }

  async *readRange(fromMs: number, toMs: number): AsyncIterable<StoredPoint> {
    for await (const batch of this.readRangeBatches(fromMs, toMs)) yield* batch;
  }

  /**
   * readRange a block at a time: for replaying many points, where a promise per point would dominate. With
   * `fromSeq`, only points from that seq on (the blocks before it are not read).
   */
  async *readRangeBatches(fromMs: number, toMs: number, fromSeq = 1): AsyncIterable<StoredPoint[]> {
    const fromNs = BigInt(Math.floor(fromMs)) * 1_000_000n;
    const toNs = BigInt(Math.floor(toMs)) * 1_000_000n;
    const overlaps = (min: number, max: number) => max >= fromMs && min < toMs;
    const blocks = this.rawBlocks(
      (s) => s.lastSeq >= fromSeq && overlaps(s.minTimeMs, s.maxTimeMs),
      (b) => b.firstSeq + b.count - 1 >= fromSeq && overlaps(b.minTimeMs, b.maxTimeMs),
    );
    for await (const batch of this.pointBlocks(blocks)) {
      const inRange = batch.filter(
        (p) => p.seq >= fromSeq && p.point.timestamp! >= fromNs && p.point.timestamp! < toNs,
      );
      if (inRange.length > 0) yield inRange;
    }
  }

  async *readFrom(fromSeq: number): AsyncIterable<StoredPoint> {
    for await (const batch of this.pointBlocks(this.readBlocksFrom(fromSeq))) {
      for (const p of batch) if (p.seq >= fromSeq) yield p;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    await this.active.close();
  }
}

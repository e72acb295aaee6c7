// Where this node is in the cluster's stream: the last stream seq applied to its local log and the local log
// seq that left it at, saved after every applied batch (temp file, fsync, rename), plus the map of earlier
// (stream seq, local seq) pairs. The map turns the cluster-wide InfluxDB shipping position (a stream seq, in
// the KV lease) into a seq of this node's log and back. Pairs only ever grow in both numbers, so a lookup
// is a binary search and rounds towards "less shipped" (re-shipping a batch is harmless: the points are
// identical on every node, and InfluxDB stores an identical point once).
import {
  appendFileSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const positionSchema = z.object({
  stream: z.string(),
  streamSeq: z.number().int().min(0),
  localSeq: z.number().int().min(0),
  /** The stream seq of the last state snapshot installed: the log lacks the events of messages up to it. */
  installedSeq: z.number().int().min(0).default(0),
});

export class AppliedPosition {
  streamSeq = 0;
  localSeq = 0;
  /** The log holds no event of stream messages up to here (a state snapshot was installed instead); 0: none. */
  installedSeq = 0;
  private streamSeqs: number[] = [0];
  private localSeqs: number[] = [0];
  private readonly file: string;
  private readonly mapFile: string;

  private constructor(
    dir: string,
    private readonly stream: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'applied.json');
    this.mapFile = join(dir, 'applied-map.txt');
  }

  /**
   * Loads the position; `logLastSeq` is the local log's end. A log with events but no position holds events
   * that are not in the stream (a single-process data dir): refused, as is a position of another stream.
   */
  static open(dir: string, stream: string, logLastSeq: number): AppliedPosition {
    const p = new AppliedPosition(dir, stream);
    let raw: string | undefined;
    try {
      raw = readFileSync(p.file, 'utf8');
    } catch {}
    if (raw === undefined) {
      if (logLastSeq > 0)
        throw new Error(
          `cluster mode: ${dir}/../log holds ${logLastSeq} events that are not in the stream "${stream}" (a single-process data dir). Give the node a fresh PORTPULSE_DATA_DIR; import old data with the replay collector.`,
        );
      return p;
    }
    const saved = positionSchema.parse(JSON.parse(raw));
    if (saved.stream !== stream)
      throw new Error(`cluster mode: ${p.file} belongs to stream "${saved.stream}", not "${stream}"`);
    p.streamSeq = saved.streamSeq;
    p.localSeq = saved.localSeq;
    p.installedSeq = saved.installedSeq;
    try {
      for (const line of readFileSync(p.mapFile, 'utf8').split('\n')) {
        const [s, l] = line.split(' ').map(Number);
        if (!Number.isInteger(s) || !Number.isInteger(l) || s! > saved.streamSeq) continue;
        if (s! > p.streamSeqs.at(-1)! && l! >= p.localSeqs.at(-1)!) p.push(s!, l!);
      }
    } catch {}
    if (saved.streamSeq > p.streamSeqs.at(-1)!) p.push(saved.streamSeq, saved.localSeq);
    return p;
  }

  private push(streamSeq: number, localSeq: number): void {
    this.streamSeqs.push(streamSeq);
    this.localSeqs.push(localSeq);
  }

  /** After a state snapshot of `streamSeq` was installed on top of a log that ends at `localSeq`. */
  installed(streamSeq: number, localSeq: number): void {
    this.installedSeq = streamSeq;
    this.record(streamSeq, localSeq);
  }

  /** After a batch is durable in the local log: the stream seq it ended at and the log's last seq. */
  record(streamSeq: number, localSeq: number): void {
    this.streamSeq = streamSeq;
    this.localSeq = localSeq;
    this.push(streamSeq, localSeq);
    appendFileSync(this.mapFile, `${streamSeq} ${localSeq}\n`);
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      const installedSeq = this.installedSeq;
      writeSync(fd, JSON.stringify({ stream: this.stream, streamSeq, localSeq, installedSeq }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }

  /** The local seq up to which every event of stream messages ≤ streamSeq is in the log (rounded down). */
  streamToLocal(streamSeq: number): number {
    return this.localSeqs[lastAtMost(this.streamSeqs, streamSeq)]!;
  }

  /** The stream seq up to which every message's events are at or below localSeq (rounded down). */
  localToStream(localSeq: number): number {
    return this.streamSeqs[lastAtMost(this.localSeqs, localSeq)]!;
  }

  /** Forgets pairs below a stream seq nobody will look up again (the cluster's shipped position). */
  forgetBelow(streamSeq: number): void {
    const keepFrom = lastAtMost(this.streamSeqs, streamSeq);
    if (keepFrom < 10_000) return;
    this.streamSeqs = this.streamSeqs.slice(keepFrom);
    this.localSeqs = this.localSeqs.slice(keepFrom);
    const tmp = `${this.mapFile}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, this.streamSeqs.map((s, i) => `${s} ${this.localSeqs[i]}\n`).join(''));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.mapFile);
  }
}

/** Index of the last element ≤ value in an ascending array whose first element is ≤ value. */
function lastAtMost(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

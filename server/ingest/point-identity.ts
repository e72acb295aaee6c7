// Keeps distinct events apart and makes retries idempotent. InfluxDB treats points with the same series key
// and timestamp as one (the last write wins), so two different trucks scanned in the same millisecond on the
// same lane would silently overwrite each other. A distinct point that collides is moved by +1 ns (so it
// still lands on its millisecond); an exact repeat (same series, time and fields: a client retry) gets the
// same timestamp as the first and is recognised as a duplicate, as InfluxDB would treat it.
import type { Point } from '../../shared/line-protocol/types';

export interface IdentityOptions {
  /** Remembered (series, time) keys per generation; two generations are kept. */
  generationSize?: number;
}

const SEP = '\u0000';

function seriesKey(p: Point): string {
  const keys = Object.keys(p.tags).sort();
  let key = p.measurement;
  for (const k of keys) key += `${SEP}${k}=${p.tags[k]}`;
  return key;
}

function fieldSignature(p: Point): string {
  const keys = Object.keys(p.fields).sort();
  let sig = '';
  for (const k of keys) {
    const f = p.fields[k]!;
    sig += `${SEP}${k}=${f.kind}:${String(f.value)}`;
  }
  return sig;
}

export class PointIdentity {
  private current = new Map<string, string[]>();
  private previous = new Map<string, string[]>();
  private readonly generationSize: number;
  readonly counters = { shifted: 0, duplicates: 0 };

  constructor(opts: IdentityOptions = {}) {
    this.generationSize = opts.generationSize ?? 250_000;
  }

  /** The signatures stored under a key, moved into the current generation; a new empty list when unknown. */
  private recall(key: string): string[] {
    const found = this.current.get(key) ?? this.previous.get(key);
    if (this.current.size >= this.generationSize && !this.current.has(key)) {
      this.previous = this.current;
      this.current = new Map();
    }
    const seen = found ?? [];
    this.current.set(key, seen);
    return seen;
  }

  /**
   * Assigns each point its stored timestamp (mutating it) and marks exact repeats. Call `undo()` if the batch
   * could not be stored, so a retry of it is not mistaken for a duplicate.
   */
  assignBatch(points: Point[]): { duplicate: boolean[]; undo(): void } {
    const added: { list: string[]; index: number }[] = [];
    const duplicate = points.map((p) => {
      const key = `${seriesKey(p)} ${p.timestamp}`;
      const sig = fieldSignature(p);
      const seen = this.recall(key);
      const at = seen.indexOf(sig);
      if (at >= 0) {
        p.timestamp = p.timestamp! + BigInt(at);
        this.counters.duplicates++;
        return true;
      }
      if (seen.length > 0) this.counters.shifted++;
      p.timestamp = p.timestamp! + BigInt(seen.length);
      added.push({ list: seen, index: seen.length });
      seen.push(sig);
      return false;
    });
    return {
      duplicate,
      undo: () => {
        for (const { list, index } of added.reverse()) list.splice(index, 1);
      },
    };
  }

  /**
   * Teaches the identity a point already stored (start-up replay). Offsets are a few ns at most, so a stored
   * time within 1 µs above a whole millisecond is taken as that millisecond plus an offset.
   */
  remember(p: Point): void {
    const stored = p.timestamp!;
    const sub = stored % 1_000_000n;
    const original = sub >= 0n && sub < 1000n ? stored - sub : stored;
    const key = `${seriesKey(p)} ${original}`;
    const seen = this.current.get(key) ?? [];
    seen[Number(stored - original)] = fieldSignature(p);
    this.current.set(key, seen);
  }
}

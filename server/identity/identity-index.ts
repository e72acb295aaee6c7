// The persisted identity index: for every event in the log, however old, the hashes of its series key and
// original time and of its field set, with the ns offset it was stored at. It lets ingest recognise an exact
// repeat of an event that has long left memory (a client retrying after a crash or a restart), and give a
// distinct event on an old series and millisecond the next free +1 ns, as it does for recent ones.
//
// Entries live per UTC day of the event time in `<dataDir>/rollups/identity/` (see identity-day-file.ts), kept
// with the rollups: retention may delete old log segments, never these. Days are loaded when a write touches
// them and dropped from memory, least recently used first, beyond PORTPULSE_IDENTITY_MEMORY_BYTES (a day in use
// or not yet saved stays). Like the rollups, the index is checkpointed with the last log seq it includes, and a
// start replays only the log after it.
import { readFileSync } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { nsToMs } from '../../shared/events/point-conversion';
import { originalTime, type PointText, pointText } from '../ingest/point-identity';
import type { Logger } from '../logger';
import { writeFileAtomic } from '../store/atomic-write';
import type { EventStore, StoredPoint } from '../store/store';
import { dayFileName, dayOfFileName, dayOfMs, decodeDayFile, encodeDayFile } from './identity-day-file';
import { createIdentityHasher, type Hash64, type IdentityHasher } from './identity-hash';
import { IdentityTable } from './identity-table';

export interface IdentityIndexOptions {
  /** `<dataDir>/rollups/identity` */
  dir: string;
  log: EventStore;
  logger: Logger;
  /** Memory the loaded days may hold before clean ones are dropped (the days in use are always kept). */
  memoryBytes: number;
  /** How often changed days are saved (they are also saved on close). */
  saveIntervalMs?: number;
}

/**
 * An event as ingest stored it: its text, original timestamp (ns) and the offset added to keep it distinct;
 * `key` is key(series, time) when the caller has it already (ingest looked the point up by it).
 */
export interface StoredIdentity extends PointText {
  time: bigint;
  offset: number;
  key?: Hash64 | undefined;
}

interface Day {
  table: IdentityTable;
  version: number;
  savedVersion: number;
  /** Writes between looking a day up and recording into it; a pinned day is never dropped from memory. */
  pins: number;
  lastUsed: number;
}

const checkpointSchema = z.object({ seq: z.number().int().min(0), savedAt: z.string() });
const DAY_NS = 86_400_000n * 1_000_000n;

const hex = (hi: number, lo: number) => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');

export class IdentityIndex {
  private readonly days = new Map<number, Day>();
  /** Days that have a file (loaded or not). */
  private readonly onDisk = new Set<number>();
  private useClock = 0;
  private readonly lastDay = { day: 0, fromNs: 0n, toNs: 0n };
  /** The last log seq recorded, and the last one a saved checkpoint includes. */
  private appliedSeq = 0;
  private savedSeq = 0;
  private saving: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  readonly stats = { loads: 0, drops: 0, replayedAtOpen: 0 };

  private constructor(
    private readonly opts: IdentityIndexOptions,
    private readonly hash: IdentityHasher,
  ) {}

  static async open(opts: IdentityIndexOptions): Promise<IdentityIndex> {
    const index = new IdentityIndex(opts, await createIdentityHasher());
    await index.load();
    index.timer = setInterval(() => void index.save(), opts.saveIntervalMs ?? 30_000);
    index.timer.unref();
    return index;
  }

  private get checkpointPath(): string {
    return join(this.opts.dir, 'checkpoint.json');
  }

  private async load(): Promise<void> {
    const t0 = performance.now();
    const { log, logger } = this.opts;
    let names: string[] = [];
    try {
      names = await readdir(this.opts.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const name of names) {
      const day = dayOfFileName(name);
      if (day !== undefined) this.onDisk.add(day);
    }
    let seq = 0;
    try {
      seq = checkpointSchema.parse(JSON.parse(await readFile(this.checkpointPath, 'utf8'))).seq;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        logger('warn', 'identity index: unreadable checkpoint; reading the whole log', { error: String(e) });
    }
    if (seq > log.lastSeq()) {
      logger('warn', 'identity index: the checkpoint is ahead of the log (log replaced?)', { seq });
      seq = log.lastSeq();
    }
    this.appliedSeq = this.savedSeq = seq;
    for await (const p of log.readFrom(seq + 1)) {
      await this.addStored(p);
      this.appliedSeq = p.seq;
      this.stats.replayedAtOpen++;
      if (this.stats.replayedAtOpen % 100_000 === 0 && this.memoryBytes > this.opts.memoryBytes)
        await this.save();
    }
    logger('info', 'identity index loaded', {
      fromSeq: seq + 1,
      replayed: this.stats.replayedAtOpen,
      days: this.onDisk.size,
      ms: Math.round(performance.now() - t0),
    });
    await this.save();
  }

  /** Records a point read back from the log (its offset is recovered from its timestamp, see originalTime). */
  private async addStored(p: StoredPoint, day?: Day): Promise<void> {
    const stored = p.point.timestamp!;
    const time = originalTime(stored);
    const text =
      p.seriesText !== undefined && p.fieldText !== undefined
        ? { series: p.seriesText, fields: p.fieldText }
        : pointText(p.point);
    const d = day ?? this.days.get(this.dayOf(time)) ?? (await this.loadDay(this.dayOf(time)));
    this.add(d, { ...text, time, offset: Number(stored - time) });
  }

  /** The UTC day of an original time (ns); a write's points mostly share one, so the last is kept. */
  private dayOf(time: bigint): number {
    const last = this.lastDay;
    if (time >= last.fromNs && time < last.toNs) return last.day;
    const day = dayOfMs(nsToMs(time));
    last.day = day;
    last.fromNs = BigInt(day) * DAY_NS;
    last.toNs = last.fromNs + DAY_NS;
    return day;
  }

  private add(d: Day, e: StoredIdentity): void {
    const key = e.key ?? this.hash.key(e.series, e.time);
    const fields = this.hash.fields(e.fields);
    if (
      d.table.add({
        keyHi: key.hi,
        keyLo: key.lo,
        fieldsHi: fields.hi,
        fieldsLo: fields.lo,
        offset: e.offset,
      })
    )
      d.version++;
  }

  /** The day in memory, loading it from its file (or starting it empty). */
  private async loadDay(day: number): Promise<Day> {
    const have = this.days.get(day);
    if (have) return have;
    let table = new IdentityTable();
    let dirty = false;
    if (this.onDisk.has(day)) {
      const path = join(this.opts.dir, dayFileName(day));
      const read = decodeDayFile(await readFile(path));
      if ('error' in read) {
        // Rebuilt from what the log still holds of that day; the bad file is kept aside for a look.
        const aside = `${path}.corrupt-${Date.now()}`;
        this.opts.logger('error', 'identity index: a day file is unreadable; rebuilding it from the log', {
          file: path,
          error: read.error,
          keptAs: aside,
        });
        await rename(path, aside);
        const rebuilt: Day = { table, version: 1, savedVersion: 0, pins: 1, lastUsed: 0 };
        const from = Number((BigInt(day) * DAY_NS) / 1_000_000n);
        for await (const p of this.opts.log.readRange(from, from + 86_400_000))
          await this.addStored(p, rebuilt);
        table = rebuilt.table;
        dirty = true;
      } else table = read;
      this.stats.loads++;
    }
    const again = this.days.get(day); // loaded meanwhile by another write
    if (again) return again;
    const d: Day = { table, version: dirty ? 1 : 0, savedVersion: 0, pins: 0, lastUsed: ++this.useClock };
    this.days.set(day, d);
    return d;
  }

  /** The same, synchronously: only for a day a write did not pin beforehand (not expected; kept correct). */
  private loadDaySync(day: number): Day {
    const have = this.days.get(day);
    if (have) return have;
    let table = new IdentityTable();
    if (this.onDisk.has(day)) {
      const path = join(this.opts.dir, dayFileName(day));
      const read = decodeDayFile(readFileSync(path));
      if ('error' in read) throw new Error(`identity index: ${path}: ${read.error}`);
      table = read;
      this.stats.loads++;
    }
    const d: Day = { table, version: 0, savedVersion: 0, pins: 0, lastUsed: ++this.useClock };
    this.days.set(day, d);
    return d;
  }

  /**
   * Loads and pins the days of these original timestamps until `release()` is called: a write calls it before
   * looking its points up and releases them once it recorded what it stored.
   */
  async pin(times: Iterable<bigint>): Promise<() => void> {
    const wanted = new Set<number>();
    for (const t of times) wanted.add(this.dayOf(t));
    const pinned: Day[] = [];
    for (const day of wanted) {
      const d = await this.loadDay(day);
      d.pins++;
      d.lastUsed = ++this.useClock;
      pinned.push(d);
    }
    this.dropIfOver();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const d of pinned) d.pins--;
      this.dropIfOver();
    };
  }

  /** The key of (series, original time) that storedFieldKeys and record take. */
  key(series: string, time: bigint): Hash64 {
    return this.hash.key(series, time);
  }

  /**
   * The field-set keys stored under key(series, time) for that original time, indexed by ns offset (holes
   * undefined), or undefined when none is. Keys compare with fieldKey().
   */
  storedFieldKeys(key: Hash64, time: bigint): (string | undefined)[] | undefined {
    const day = this.dayOf(time);
    if (!this.days.has(day) && !this.onDisk.has(day)) return undefined;
    const d = this.loadDaySync(day);
    if (!d.table.has(key.hi, key.lo)) return undefined;
    let out: (string | undefined)[] | undefined;
    d.table.forKey(key.hi, key.lo, (hi, lo, offset) => {
      out ??= [];
      out[offset] = hex(hi, lo);
    });
    return out;
  }

  /** The key storedFieldKeys lists for this field set (the same for any order of its fields). */
  fieldKey(fields: string): string {
    const h = this.hash.fields(fields);
    return hex(h.hi, h.lo);
  }

  /** Records events just made durable at log seqs firstSeq, firstSeq + 1, … */
  record(items: readonly StoredIdentity[], firstSeq: number): void {
    for (const e of items)
      this.add(this.days.get(this.dayOf(e.time)) ?? this.loadDaySync(this.dayOf(e.time)), e);
    const last = firstSeq + items.length - 1;
    if (last > this.appliedSeq) this.appliedSeq = last;
    if (this.memoryBytes > this.opts.memoryBytes && !this.saving) void this.save();
  }

  /** Bytes the loaded days hold. */
  get memoryBytes(): number {
    let n = 0;
    for (const d of this.days.values()) n += d.table.bytes;
    return n;
  }

  get loadedDays(): number {
    return this.days.size;
  }

  /**
   * Every day's entries as day files, as the index is now (a cluster's state snapshot; server/cluster): the
   * caller keeps writes out until this resolves.
   */
  async exportDays(): Promise<{ name: string; bytes: Uint8Array }[]> {
    const out: { name: string; bytes: Uint8Array }[] = [];
    for (const day of new Set([...this.onDisk, ...this.days.keys()])) {
      const d = this.days.get(day);
      const name = dayFileName(day);
      out.push({ name, bytes: d ? encodeDayFile(d.table) : await readFile(join(this.opts.dir, name)) });
    }
    return out;
  }

  /** The last log seq the saved checkpoint includes (log retention may drop up to it). */
  get checkpointSeq(): number {
    return this.savedSeq;
  }

  /** Writes the changed days, then the checkpoint; one save at a time. */
  async save(): Promise<void> {
    while (this.saving) await this.saving;
    this.saving = this.saveNow()
      .catch((e: unknown) => this.opts.logger('error', 'identity index: save failed', { error: String(e) }))
      .finally(() => {
        this.saving = undefined;
      });
    await this.saving;
  }

  private async saveNow(): Promise<void> {
    const seq = this.appliedSeq;
    for (const [day, d] of [...this.days]) {
      if (d.version === d.savedVersion) continue;
      const version = d.version;
      // Encoded synchronously: the file holds every entry recorded up to now, so all of seq's events at least.
      await writeFileAtomic(join(this.opts.dir, dayFileName(day)), encodeDayFile(d.table));
      d.savedVersion = version;
      this.onDisk.add(day);
    }
    if (seq !== this.savedSeq) {
      await writeFileAtomic(this.checkpointPath, JSON.stringify({ seq, savedAt: new Date().toISOString() }));
      this.savedSeq = seq;
    }
    this.dropIfOver();
  }

  /** Drops saved, unpinned days from memory, least recently used first, while over the memory budget. */
  private dropIfOver(): void {
    let bytes = this.memoryBytes;
    if (bytes <= this.opts.memoryBytes) return;
    const idle = [...this.days]
      .filter(([, d]) => d.pins === 0 && d.version === d.savedVersion)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [day, d] of idle) {
      if (bytes <= this.opts.memoryBytes) break;
      this.days.delete(day);
      bytes -= d.table.bytes;
      this.stats.drops++;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.save();
  }
}

// Keeps distinct events apart and makes retries idempotent. InfluxDB treats points with the same series key
// and timestamp as one (the last write wins), so two different trucks scanned in the same millisecond on the
// same lane would silently overwrite each other. A distinct point that collides is moved by +1 ns (so it
// still lands on its millisecond); an exact repeat (same series, time and fields: a client retry) gets the
// same timestamp as the first and is recognised as a duplicate, as InfluxDB would treat it.
//
// Beyond memory, an optional history (the persisted identity index) says which field sets were stored for a
// (series, time) long ago; they are known there by hash only (see IdentityHistory).
//
// Points are compared by their line-protocol text (series key and field set as formatPoint writes them; the
// parser hands over the received text when it already is in that form), keyed by a numeric hash of series and
// time: no key strings are built per point, and equal hashes are told apart by comparing the texts.
import { formatFieldSet, formatSeries } from '../../shared/line-protocol/format';
import { parseLineProtocol } from '../../shared/line-protocol/parse';
import type { FieldValue, Point } from '../../shared/line-protocol/types';
import type { Hash64 } from '../identity/identity-hash';

export interface IdentityOptions {
  /** Remembered (series, time) keys per generation; two generations are kept. */
  generationSize?: number;
  /** What was stored before the keys in memory: consulted for a (series, time) memory does not hold. */
  history?: IdentityHistory;
}

/** Field sets stored earlier, known by a hash key (the persisted identity index). */
export interface IdentityHistory {
  /**
   * The 64-bit key of (series, original time). Computed once per point: identity keys its memory by it too,
   * and hands it back to storedFieldKeys and (through assignBatch's `keys`) to the index's record.
   */
  key(series: string, time: bigint): Hash64;
  /** The keys of the field sets stored under key(series, time) for that time, indexed by ns offset, or undefined. */
  storedFieldKeys(key: Hash64, time: bigint): (string | undefined)[] | undefined;
  /** The key of a field set, the same for any order of its fields. */
  fieldKey(fields: string): string;
}

/**
 * In a slot's list, a field set known only by its history key is this prefix + the key; a line-protocol field
 * set never starts with it. A hole in the history (an offset it does not know) can never match.
 */
const HISTORY_MARK = '\u0000';
const HISTORY_HOLE = '\u0000\u0001';

/** A point's series key and field set as line-protocol text, exactly as formatSeries / formatFieldSet write them. */
export interface PointText {
  series: string;
  fields: string;
}

/** A point with its text, as ingest hands it over. */
export interface TextedPoint extends PointText {
  point: Point;
}

/** What is known about one (series, time): the field sets stored at time + 0, 1, 2 … ns. */
interface Slot {
  series: string;
  time: bigint;
  fieldSets: string[];
  /** The next slot whose key hashes the same. */
  next: Slot | undefined;
}

export function pointText(p: Point): PointText {
  return { series: formatSeries(p), fields: formatFieldSet(p) };
}

/** Map keys within V8's small-integer range (30 bits), so they are never boxed. */
const SMI_BITS = 0x3fffffff;
const historyHash = (key: Hash64) => key.lo & SMI_BITS;

function hashKey(series: string, time: bigint): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < series.length; i++) h = Math.imul(h ^ series.charCodeAt(i), 0x01000193);
  // Number() rounds large timestamps to a few hundred ns: fine for spreading keys, equality is checked exactly.
  const t = Number(time);
  h = Math.imul(h ^ ((t % 4294967296) | 0), 0x01000193);
  return Math.imul(h ^ ((t / 4294967296) | 0), 0x01000193) & SMI_BITS;
}

function find(map: Map<number, Slot>, hash: number, series: string, time: bigint): Slot | undefined {
  for (let s = map.get(hash); s !== undefined; s = s.next)
    if (s.time === time && s.series === series) return s;
  return undefined;
}

/** Stored timestamps are a few ns above the original at most: a time within 1 µs above a whole ms is taken so. */
export function originalTime(stored: bigint): bigint {
  const sub = stored % 1_000_000n;
  return sub >= 0n && sub < 1000n ? stored - sub : stored;
}

/**
 * A field set's text in an order-independent form (a retry need not repeat the order of its fields). Only
 * needed when the exact text differs, and computed once per stored field set (see orderFree).
 */
function orderFreeText(fields: string): string {
  const parsed = parseLineProtocol(`m ${fields}`).lines[0]?.point.fields;
  if (!parsed) return `\u0000${fields}`; // cannot happen for stored text; never equal to a parsed form
  return Object.keys(parsed)
    .sort()
    .map((k) => `${k}\u0000${describeValue(parsed[k]!)}`)
    .join('\u0001');
}

function describeValue(v: FieldValue): string {
  return `${v.kind}:${Object.is(v.value, -0) ? '-0' : String(v.value)}`;
}

/** The order-free forms of a list of field sets, built lazily and kept with the list. */
const orderFreeCache = new WeakMap<string[], (string | undefined)[]>();

function orderFree(fieldSets: string[], i: number): string | undefined {
  const f = fieldSets[i];
  if (f === undefined || f.startsWith(HISTORY_MARK)) return undefined;
  let cache = orderFreeCache.get(fieldSets);
  if (!cache) {
    cache = [];
    orderFreeCache.set(fieldSets, cache);
  }
  let text = cache[i];
  if (text === undefined) {
    text = orderFreeText(f);
    cache[i] = text;
  }
  return text;
}

/**
 * The position of a field set among those stored for one (series, time): exact text first; then the same
 * fields in another order; then by history key. Many distinct points can share one series and millisecond (a
 * bulk import without timestamps), so each stored set is parsed at most once, never once per comparison.
 */
function indexOfFields(fieldSets: string[], fields: string, history: IdentityHistory | undefined): number {
  const at = fieldSets.indexOf(fields);
  if (at >= 0 || fieldSets.length === 0) return at;
  const wanted = orderFreeText(fields);
  let fromHistory = false;
  for (let i = 0; i < fieldSets.length; i++) {
    if (orderFree(fieldSets, i) === wanted) return i;
    if (fieldSets[i]?.startsWith(HISTORY_MARK)) fromHistory = true;
  }
  if (!fromHistory || !history) return -1;
  return fieldSets.indexOf(HISTORY_MARK + history.fieldKey(fields));
}

export class PointIdentity {
  private current = new Map<number, Slot>();
  private previous = new Map<number, Slot>();
  private readonly generationSize: number;
  private readonly history: IdentityHistory | undefined;
  readonly counters = { shifted: 0, duplicates: 0 };

  constructor(opts: IdentityOptions = {}) {
    this.generationSize = opts.generationSize ?? 250_000;
    this.history = opts.history;
  }

  /**
   * The field sets known for (series, time), kept in the current generation (a new empty list when unknown). A
   * full current generation becomes the previous one, so at most two generations of keys are held. `key` is
   * the history's key of (series, time) when there is a history: its low half keys the maps (else FNV).
   */
  private recall(series: string, time: bigint, key: Hash64 | undefined): string[] {
    const hash = key === undefined ? hashKey(series, time) : historyHash(key);
    const here = find(this.current, hash, series, time);
    if (here) return here.fieldSets;
    const before = find(this.previous, hash, series, time);
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    const fieldSets = before?.fieldSets ?? this.fromHistory(key, time);
    this.current.set(hash, { series, time, fieldSets, next: this.current.get(hash) });
    return fieldSets;
  }

  /** The field sets history knows under a key, as marks by offset (an empty list when none). */
  private fromHistory(key: Hash64 | undefined, time: bigint): string[] {
    const keys = key === undefined ? undefined : this.history?.storedFieldKeys(key, time);
    if (!keys) return [];
    return Array.from(keys, (k) => (k === undefined ? HISTORY_HOLE : HISTORY_MARK + k));
  }

  /**
   * Assigns each point its stored timestamp (mutating it) and marks exact repeats; `time` holds each point's
   * original timestamp and, with a history, `keys` each point's history key (for recording it there). Call
   * `undo()` if the batch could not be stored, so a retry of it is not mistaken for a duplicate.
   */
  assignBatch(items: readonly TextedPoint[]): {
    duplicate: boolean[];
    time: bigint[];
    keys: (Hash64 | undefined)[];
    undo(): void;
  } {
    // The lists this batch added to and where (parallel arrays: no object per point), for undo().
    const addedTo: string[][] = [];
    const addedAt: number[] = [];
    const duplicate: boolean[] = new Array(items.length);
    const times: bigint[] = new Array(items.length);
    const keys: (Hash64 | undefined)[] = new Array(items.length);
    const history = this.history;
    for (let i = 0; i < items.length; i++) {
      const { point: p, series, fields } = items[i]!;
      const time = p.timestamp!;
      times[i] = time;
      const key = history?.key(series, time);
      keys[i] = key;
      const seen = this.recall(series, time, key);
      const at = indexOfFields(seen, fields, this.history);
      if (at >= 0) {
        p.timestamp = time + BigInt(at);
        this.counters.duplicates++;
        duplicate[i] = true;
        continue;
      }
      if (seen.length > 0) {
        this.counters.shifted++;
        p.timestamp = time + BigInt(seen.length);
      }
      addedTo.push(seen);
      addedAt.push(seen.length);
      seen.push(fields);
      duplicate[i] = false;
    }
    return {
      duplicate,
      time: times,
      keys,
      undo: () => {
        for (let k = addedTo.length - 1; k >= 0; k--) {
          const list = addedTo[k]!;
          list.splice(addedAt[k]!, 1);
          orderFreeCache.get(list)?.splice(addedAt[k]!, 1);
        }
      },
    };
  }

  /** Teaches the identity a point already stored (start-up replay); `text` when known, else formatted. */
  remember(p: Point, text: PointText = pointText(p)): void {
    const stored = p.timestamp!;
    const time = originalTime(stored);
    const list = this.recall(text.series, time, this.history?.key(text.series, time));
    const at = Number(stored - time);
    list[at] = text.fields;
    const cache = orderFreeCache.get(list);
    if (cache) cache[at] = undefined;
  }

  /** Whether this exact point (series, stored timestamp and fields) was stored or remembered recently. */
  knows(p: Point): boolean {
    if (p.timestamp === undefined) return false;
    const { series, fields } = pointText(p);
    const time = originalTime(p.timestamp);
    const hash = this.history ? historyHash(this.history.key(series, time)) : hashKey(series, time);
    const slot = find(this.current, hash, series, time) ?? find(this.previous, hash, series, time);
    const known = slot?.fieldSets[Number(p.timestamp - time)];
    return known !== undefined && (known === fields || orderFreeText(known) === orderFreeText(fields));
  }
}

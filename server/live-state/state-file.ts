// The live-state checkpoint's file format: a JSON document whose typed arrays (KPI rings, histograms) are
// stored as bytes after it instead of as JSON numbers. Layout: magic, u32 JSON length, the JSON, the arrays
// (each 8-byte aligned), u32 CRC-32 of everything before it. A torn or foreign file is refused whole.
// Version 2 (PPLIVE2) stores each array sparse: only its runs of non-zero elements (most histogram slots of a
// KPI window are empty: 17.7 MB → ≈ 1 MB for the bench's 10 sites), and can be encoded in slices across event
// loop turns (encodeStateInSlices) so a save does not block the loop for the whole file. Version 1 (PPLIVE1,
// every element stored) is still read.
import { crc32 } from 'node:zlib';

const MAGIC_V1 = Buffer.from('PPLIVE1\n');
const MAGIC_V2 = Buffer.from('PPLIVE2\n');
const MAGIC_BYTES = MAGIC_V2.length;
const kinds = { f64: Float64Array, u32: Uint32Array } as const;
type Kind = keyof typeof kinds;
type Typed = Float64Array | Uint32Array;
/**
 * Where a typed array's bytes are. Version 1: `$blob` is their offset from the start of the (8-byte aligned)
 * array area. Version 2: `$blob` numbers the array; the area starts with a u32 offset per array, and an array
 * is u32 `runs`, then `runs` pairs of u32 (first element, element count), then the runs' elements.
 */
interface BlobRef {
  $blob: number;
  kind: Kind;
  length: number;
}

const align8 = (n: number) => (n + 7) & ~7;
/** Elements of a typed array scanned between two checks of the slice's time (well under 1 ms of work). */
const SCAN_STEP = 64 * 1024;

/**
 * The encoding as steps: each `yield` is a point where the caller may let the event loop run. The caller
 * passes a document nobody changes until the encoding is done (copies).
 */
function* encodeSteps(doc: unknown): Generator<void, Buffer> {
  const arrays: Typed[] = [];
  const replacer = (_key: string, value: unknown) => {
    const kind: Kind | undefined =
      value instanceof Float64Array ? 'f64' : value instanceof Uint32Array ? 'u32' : undefined;
    if (!kind) return value;
    const ref: BlobRef = { $blob: arrays.length, kind, length: (value as Typed).length };
    arrays.push(value as Typed);
    return ref;
  };
  const json = (yield* jsonSteps(doc, replacer, JSON_SPLIT_DEPTH)) ?? 'null';
  yield;
  // The array area starts with each blob's offset (from the area's start), as the JSON names blobs by number.
  const table = Buffer.alloc(align8(4 * arrays.length));
  const blobs: Buffer[] = [table];
  let area = table.length;
  for (const [i, value] of arrays.entries()) {
    const blob = yield* sparseBlob(value);
    table.writeUInt32LE(area, 4 * i);
    blobs.push(blob);
    area += blob.length;
  }
  const head = Buffer.from(json, 'utf8');
  const headEnd = MAGIC_BYTES + 4 + head.length;
  const parts = [MAGIC_V2, u32(head.length), head, Buffer.alloc(align8(headEnd) - headEnd), ...blobs];
  let crc = 0;
  for (const part of parts) {
    crc = crc32(part, crc);
    yield;
  }
  return Buffer.concat([...parts, u32(crc)]);
}

/** Plain objects this deep are turned into JSON property by property (a site's recent events, KPIs). */
const JSON_SPLIT_DEPTH = 3;

/** JSON.stringify(value, replacer), a step per property of the plain objects down to `depth`. */
function* jsonSteps(
  value: unknown,
  replacer: (key: string, value: unknown) => unknown,
  depth: number,
): Generator<void, string | undefined> {
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (depth === 0 || (proto !== Object.prototype && proto !== null))
    return JSON.stringify(value, replacer) as string | undefined;
  const parts: string[] = [];
  for (const [key, v] of Object.entries(value as object)) {
    const json = yield* jsonSteps(v, replacer, depth - 1);
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
    yield;
  }
  return `{${parts.join(',')}}`;
}

/** An array's runs of non-zero elements (a zero is all bits 0: -0 and NaN are kept as they are). */
function* sparseBlob(value: Typed): Generator<void, Buffer> {
  const per = value.BYTES_PER_ELEMENT / 4;
  const words = new Uint32Array(value.buffer, value.byteOffset, value.length * per);
  const runs: number[] = [];
  let start = -1;
  for (let from = 0; from < value.length; from += SCAN_STEP) {
    const to = Math.min(value.length, from + SCAN_STEP);
    for (let i = from; i < to; i++) {
      const zero = per === 1 ? words[i] === 0 : words[2 * i] === 0 && words[2 * i + 1] === 0;
      if (!zero) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        runs.push(start, i - start);
        start = -1;
      }
    }
    if (to < value.length) yield;
  }
  if (start >= 0) runs.push(start, value.length - start);
  let elements = 0;
  for (let r = 1; r < runs.length; r += 2) elements += runs[r]!;
  const headBytes = align8(4 + runs.length * 4);
  const blob = Buffer.alloc(align8(headBytes + elements * value.BYTES_PER_ELEMENT));
  // Buffer.alloc is not pooled: its own ArrayBuffer, 4-byte aligned.
  const head = new Uint32Array(blob.buffer, blob.byteOffset, 1 + runs.length);
  head[0] = runs.length / 2;
  head.set(runs, 1);
  const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  let at = headBytes;
  for (let r = 0; r < runs.length; r += 2) {
    const n = runs[r + 1]! * value.BYTES_PER_ELEMENT;
    const from = runs[r]! * value.BYTES_PER_ELEMENT;
    blob.set(bytes.subarray(from, from + n), at);
    at += n;
  }
  return blob;
}

export function encodeState(doc: unknown): Buffer {
  const steps = encodeSteps(doc);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/**
 * The same bytes as encodeState, made in slices of about `sliceMs` of work with the event loop let run
 * (`pause`, setImmediate by default) in between. The document's typed arrays must not change until it
 * resolves (pass copies); everything else is read in the first slice.
 */
export async function encodeStateInSlices(
  doc: unknown,
  sliceMs: number,
  pause: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
  clock: () => number = () => performance.now(),
): Promise<Buffer> {
  const steps = encodeSteps(doc);
  let sliceStart = clock();
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    if (clock() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = clock();
    }
  }
}

/** The document, or why the file cannot be used. */
export function decodeState(buf: Buffer): { doc: unknown } | { error: string } {
  const magic = buf.subarray(0, MAGIC_BYTES);
  const version = magic.equals(MAGIC_V2) ? 2 : magic.equals(MAGIC_V1) ? 1 : 0;
  if (buf.length < MAGIC_BYTES + 8 || version === 0) return { error: 'not a live-state file' };
  const body = buf.subarray(0, buf.length - 4);
  if (crc32(body) !== buf.readUInt32LE(buf.length - 4)) return { error: 'checksum mismatch' };
  const headEnd = MAGIC_BYTES + 4 + body.readUInt32LE(MAGIC_BYTES);
  if (headEnd > body.length) return { error: 'truncated' };
  const areaStart = align8(headEnd);
  const read = version === 2 ? readSparse : readDense;
  try {
    const doc = JSON.parse(body.toString('utf8', MAGIC_BYTES + 4, headEnd), (_key, value) => {
      if (!value || typeof value !== 'object' || !('$blob' in value)) return value;
      const ref = value as BlobRef;
      const TypedArray = kinds[ref.kind];
      if (!TypedArray) throw new Error(`unknown array kind ${ref.kind}`);
      // Copied out, so the file's buffer is not kept alive by the state.
      const out = new TypedArray(ref.length);
      const at = version === 2 ? sparseOffset(body, areaStart, ref.$blob) : areaStart + ref.$blob;
      read(body, at, new Uint8Array(out.buffer), out.BYTES_PER_ELEMENT);
      return out;
    });
    return { doc };
  } catch (e) {
    return { error: `unreadable: ${(e as Error).message}` };
  }
}

/** Version 2: where the n-th array is. */
function sparseOffset(body: Buffer, areaStart: number, n: number): number {
  const entry = areaStart + 4 * n;
  if (!Number.isInteger(n) || n < 0 || entry + 4 > body.length) throw new Error(`no array ${n}`);
  return areaStart + body.readUInt32LE(entry);
}

/** Version 1: every element's bytes. */
function readDense(body: Buffer, at: number, out: Uint8Array): void {
  if (at + out.length > body.length) throw new Error('array past the end of the file');
  out.set(body.subarray(at, at + out.length));
}

/** Version 2: the runs of non-zero elements; the rest stays 0. */
function readSparse(body: Buffer, at: number, out: Uint8Array, size: number): void {
  if (at + 4 > body.length) throw new Error('array past the end of the file');
  const runs = body.readUInt32LE(at);
  let values = at + align8(4 + runs * 8);
  if (values > body.length) throw new Error('array past the end of the file');
  for (let r = 0; r < runs; r++) {
    const start = body.readUInt32LE(at + 4 + r * 8) * size;
    const n = body.readUInt32LE(at + 8 + r * 8) * size;
    if (start + n > out.length) throw new Error('array run past the array’s length');
    if (values + n > body.length) throw new Error('array past the end of the file');
    out.set(body.subarray(values, values + n), start);
    values += n;
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

// The live-state checkpoint's file format: a JSON document whose typed arrays (KPI rings, histograms) are
// stored as raw bytes after it instead of as JSON numbers. Layout: magic, u32 JSON length, the JSON, the
// arrays (each 8-byte aligned), u32 CRC-32 of everything before it. A torn or foreign file is refused whole.
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('PPLIVE1\n');
const kinds = { f64: Float64Array, u32: Uint32Array } as const;
type Kind = keyof typeof kinds;
/** Where a typed array's bytes are: `offset` from the start of the (8-byte aligned) array area. */
interface BlobRef {
  $blob: number;
  kind: Kind;
  length: number;
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeState(doc: unknown): Buffer {
  const blobs: Buffer[] = [];
  let area = 0;
  const json = JSON.stringify(doc, (_key, value) => {
    const kind: Kind | undefined =
      value instanceof Float64Array ? 'f64' : value instanceof Uint32Array ? 'u32' : undefined;
    if (!kind) return value;
    const v = value as Float64Array | Uint32Array;
    const bytes = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    blobs.push(bytes, Buffer.alloc(align8(bytes.length) - bytes.length));
    const ref: BlobRef = { $blob: area, kind, length: v.length };
    area += align8(bytes.length);
    return ref;
  });
  const head = Buffer.from(json, 'utf8');
  const headEnd = MAGIC.length + 4 + head.length;
  const body = Buffer.concat([
    MAGIC,
    u32(head.length),
    head,
    Buffer.alloc(align8(headEnd) - headEnd),
    ...blobs,
  ]);
  return Buffer.concat([body, u32(crc32(body))]);
}

/** The document, or why the file cannot be used. */
export function decodeState(buf: Buffer): { doc: unknown } | { error: string } {
  if (buf.length < MAGIC.length + 8 || !buf.subarray(0, MAGIC.length).equals(MAGIC))
    return { error: 'not a live-state file' };
  const body = buf.subarray(0, buf.length - 4);
  if (crc32(body) !== buf.readUInt32LE(buf.length - 4)) return { error: 'checksum mismatch' };
  const headEnd = MAGIC.length + 4 + body.readUInt32LE(MAGIC.length);
  if (headEnd > body.length) return { error: 'truncated' };
  const areaStart = align8(headEnd);
  try {
    const doc = JSON.parse(body.toString('utf8', MAGIC.length + 4, headEnd), (_key, value) => {
      if (!value || typeof value !== 'object' || !('$blob' in value)) return value;
      const ref = value as BlobRef;
      const TypedArray = kinds[ref.kind];
      if (!TypedArray) throw new Error(`unknown array kind ${ref.kind}`);
      const at = areaStart + ref.$blob;
      const bytes = ref.length * TypedArray.BYTES_PER_ELEMENT;
      if (at + bytes > body.length) throw new Error('array past the end of the file');
      // Copied out, so the file's buffer is not kept alive by the state.
      const out = new TypedArray(ref.length);
      new Uint8Array(out.buffer).set(body.subarray(at, at + bytes));
      return out;
    });
    return { doc };
  } catch (e) {
    return { error: `unreadable: ${(e as Error).message}` };
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

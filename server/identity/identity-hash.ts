// The 64-bit hashes a persisted identity entry is made of: one of a point's series key and original timestamp,
// one of its field set, the same for any order of its fields (a retry need not repeat their order). Two distinct
// events are taken for one only when both collide.
//
// Per point they cost no allocation: a series key is hashed once (xxHash64, via xxhash-wasm) and cached, then
// mixed with the timestamp through a 4-round Feistel network, a bijection, so two times of one series never
// share a key; the field pieces are hashed in two 32-bit lanes each and summed (a sum does not see order).
import xxhash from 'xxhash-wasm';

/** A 64-bit hash as two unsigned 32-bit halves (what the identity table stores). */
export interface Hash64 {
  hi: number;
  lo: number;
}

export interface IdentityHasher {
  /** Hash of a series key (canonical line-protocol text) and a timestamp in ns. */
  key(series: string, time: bigint): Hash64;
  /** Hash of a field set (canonical line-protocol text), the same for any order of its fields. */
  fields(fields: string): Hash64;
}

const BACKSLASH = 92;
const QUOTE = 34;
const EQUALS = 61;
const COMMA = 44;

/** murmur3's 32-bit finaliser. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const ROUND_KEYS = [0x9e3779b9, 0x7f4a7c15, 0xf39cc060, 0x5ced1c91];

/** A bijection of 64-bit values (4 Feistel rounds): distinct inputs always give distinct outputs. */
function feistel(hi: number, lo: number): Hash64 {
  let l = hi >>> 0;
  let r = lo >>> 0;
  for (const k of ROUND_KEYS) {
    const next = (l ^ fmix32((r + k) >>> 0)) >>> 0;
    l = r;
    r = next;
  }
  return { hi: l, lo: r };
}

/**
 * Order-free hash of a canonical field set: each `key=value` piece (a key ends at an unescaped `=`, a string value
 * at its closing unescaped quote, any other value at the next comma) is hashed in two lanes; the pieces' hashes
 * are summed.
 */
export function fieldSetHash(fields: string): Hash64 {
  let sumA = 0;
  let sumB = 0;
  let pieces = 0;
  const n = fields.length;
  let i = 0;
  while (i < n) {
    let a = 0x811c9dc5;
    let b = 0x3c6ef372;
    // 0: key, 1: first character of the value, 2: string value, 3: other value; a piece ends at state 4.
    let state = 0;
    while (i < n && state !== 4) {
      const c = fields.charCodeAt(i++);
      if (state === 3 && c === COMMA) break;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x5bd1e995);
      b ^= b >>> 15;
      if (c === BACKSLASH && state !== 1 && state !== 3 && i < n) {
        const e = fields.charCodeAt(i++);
        a = Math.imul(a ^ e, 0x01000193);
        b = Math.imul(b + e, 0x5bd1e995);
        b ^= b >>> 15;
      } else if (state === 0 && c === EQUALS) state = 1;
      else if (state === 1) state = c === QUOTE ? 2 : 3;
      else if (state === 2 && c === QUOTE) {
        state = 4;
        i++; // the comma after the string
      }
    }
    sumA = (sumA + fmix32(a)) | 0;
    sumB = (sumB + fmix32(b ^ 0x27d4eb2f)) | 0;
    pieces++;
  }
  return feistel(sumA, (sumB ^ Math.imul(pieces, 0x165667b1)) >>> 0);
}

const U32 = 0xffffffffn;
const SERIES_CACHE = 100_000;

// A timestamp's two's-complement 64 bits as two 32-bit halves without bigint arithmetic (which allocates per
// operation): a BigUint64Array store wraps exactly as BigInt.asUintN(64, t) does.
const time64 = new BigUint64Array(1);
const time32 = new Uint32Array(time64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = littleEndian ? 1 : 0;
const LO = littleEndian ? 0 : 1;

export async function createIdentityHasher(): Promise<IdentityHasher> {
  const { h64 } = await xxhash();
  const series = new Map<string, Hash64>();
  return {
    key(s, time) {
      let h = series.get(s);
      if (h === undefined) {
        if (series.size >= SERIES_CACHE) series.clear();
        const x = h64(s);
        h = { hi: Number(x >> 32n), lo: Number(x & U32) };
        series.set(s, h);
      }
      time64[0] = time;
      return feistel(h.hi ^ time32[HI]!, h.lo ^ time32[LO]!);
    },
    fields: fieldSetHash,
  };
}

// The live-state file: typed arrays and JSON round-trip exactly (stored sparse: only runs of non-zero
// elements); a version 1 file (every element stored) still loads; the sliced encoding gives the same bytes;
// a torn, altered or foreign file is refused.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, encodeStateInSlices } from './state-file';

const doc = {
  format: 1,
  seq: 42,
  name: '浙A·12345',
  ring: { keys: new Float64Array([-1, 3, 7.5, -1, -1]), data: { a: new Float64Array([0, 1.25, -2, 0, -0]) } },
  counts: new Uint32Array([0, 0, 3, 4, 0, 0, 0, 9]),
  list: [{ odd: new Float64Array(1).fill(Number.MAX_VALUE) }, null, 'x'],
};

describe('live-state file', () => {
  it('round-trips JSON values and typed arrays (zeros, -0 and NaN as they were)', () => {
    const withNaN = { ...doc, nan: new Float64Array([0, Number.NaN, 0]) };
    const back = decodeState(encodeState(withNaN));
    expect(back).toEqual({ doc: withNaN });
    const d = (back as { doc: typeof withNaN }).doc;
    expect(d.counts).toBeInstanceOf(Uint32Array);
    expect(d.ring.keys).toBeInstanceOf(Float64Array);
    expect(Object.is(d.ring.data.a[4], -0)).toBe(true);
    expect(Number.isNaN(d.nan[1])).toBe(true);
  });

  it('stores only the non-zero runs of an array', () => {
    const counts = new Uint32Array(1_000_000);
    counts[5] = 1;
    counts[6] = 2;
    counts[999_999] = 3;
    const bytes = encodeState({ counts });
    expect(bytes.length).toBeLessThan(200);
    const back = (decodeState(bytes) as { doc: { counts: Uint32Array } }).doc.counts;
    expect(back).toBeInstanceOf(Uint32Array);
    expect(Buffer.from(back.buffer).equals(Buffer.from(counts.buffer))).toBe(true);
  });

  it('reads a version 1 file (every element stored), written by the previous build', () => {
    // fixtures/format-1.bin: encodeState(doc) of the build before sparse arrays (PPLIVE1).
    const v1 = readFileSync(new URL('./fixtures/format-1.bin', import.meta.url));
    expect(v1.subarray(0, 8).toString()).toBe('PPLIVE1\n');
    expect(decodeState(v1)).toEqual({ doc });
  });

  it('encodes in slices to the same bytes, letting the event loop run between them', async () => {
    const big = { ...doc, counts: new Uint32Array(300_000).fill(7, 1000, 250_000) };
    let t = 0;
    let pauses = 0;
    const sliced = await encodeStateInSlices(
      big,
      2,
      async () => {
        pauses++;
      },
      () => t++, // every check of the clock is a ms later: a pause every 2 checks
    );
    expect(sliced.equals(encodeState(big))).toBe(true);
    expect(pauses).toBeGreaterThan(5);
  });

  it('refuses a truncated, altered or foreign file', () => {
    const bytes = encodeState(doc);
    expect(decodeState(bytes.subarray(0, bytes.length - 9))).toEqual({ error: 'checksum mismatch' });
    const altered = Buffer.from(bytes);
    altered[altered.length - 20]! ^= 1;
    expect(decodeState(altered)).toEqual({ error: 'checksum mismatch' });
    expect(decodeState(Buffer.from('{"seq":1}'))).toEqual({ error: 'not a live-state file' });
  });
});

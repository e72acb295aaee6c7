// The live-state file: typed arrays and JSON round-trip exactly; a torn, altered or foreign file is refused.
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from './state-file';

const doc = {
  seq: 42,
  name: '浙A·12345',
  ring: { keys: new Float64Array([-1, 3, 7.5]), data: { a: new Float64Array([0, 1.25, -2]) } },
  counts: new Uint32Array([1, 2, 3, 4, 5]),
  list: [{ odd: new Float64Array(1).fill(Number.MAX_VALUE) }, null, 'x'],
};

describe('live-state file', () => {
  it('round-trips JSON values and typed arrays', () => {
    const back = decodeState(encodeState(doc));
    expect(back).toEqual({ doc });
    const d = (back as { doc: typeof doc }).doc;
    expect(d.counts).toBeInstanceOf(Uint32Array);
    expect(d.ring.keys).toBeInstanceOf(Float64Array);
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

// The XK3190 decoder on its own: any chunking gives the same samples; corrupt frames are counted and the
// stream resynchronises at the next STX.
import { describe, expect, it } from 'vitest';
import type { IndicatorReading } from './indicator-reading';
import { encodeXk3190Frame, Xk3190Decoder } from './xk3190';

const kgOf = (r: IndicatorReading) => (r.kind === 'weight' ? r.kg : Number.NaN);

const frames = (...values: number[]) => Buffer.concat(values.map((v) => encodeXk3190Frame(v)));

describe('Xk3190Decoder', () => {
  it('decodes the same samples however the stream is chunked', () => {
    const stream = frames(0, 12_000, 41_230, -40);
    for (const size of [1, 5, 12, 13, stream.length]) {
      const d = new Xk3190Decoder();
      const kgs: number[] = [];
      for (let i = 0; i < stream.length; i += size)
        kgs.push(...d.push(stream.subarray(i, i + size)).readings.map(kgOf));
      expect(kgs, `chunks of ${size}`).toEqual([0, 12_000, 41_230, -40]);
    }
  });

  it('applies the decimal position and the tonne unit', () => {
    expect(kgOf(new Xk3190Decoder(1000).push(encodeXk3190Frame(22.46, 2)).readings[0]!)).toBeCloseTo(
      22_460,
      6,
    );
  });

  it('counts noise, bad checks and truncated frames, and resynchronises', () => {
    const bad = Buffer.from(encodeXk3190Frame(500));
    bad[10] = bad[10] === 0x30 ? 0x31 : 0x30;
    const d = new Xk3190Decoder();
    const out = d.push(
      Buffer.concat([Buffer.from('junk'), bad, encodeXk3190Frame(7).subarray(0, 5), frames(8)]),
    );
    expect(out.readings.map(kgOf)).toEqual([8]);
    expect(out.readings[0]).toMatchObject({ kind: 'weight', basis: 'display' }); // tF=0 has no gross/net flag
    expect(out.valid).toBe(1);
    expect(out.invalid).toBeCloseTo(2 + 19 / 12, 6);
    // Skipped: the 4 junk bytes, the bad frame after its STX (11) and the truncated one after its STX (4).
    expect(d.counters).toEqual({ frames: 1, corrupt: 2, skippedBytes: 19 });
    expect(out.problems[0]).toMatch(/check mismatch \(expected .., got ".."\): 02 2b/);
    expect(out.problems[1]).toMatch(/no ETX/);
  });
});

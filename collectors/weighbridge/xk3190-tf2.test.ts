// XK3190 tF=2 "=" frames: the manual's own examples, weights without a decimal point, any chunking, and
// corrupt frames counted with the stream resynchronised at the next "=".
import { describe, expect, it } from 'vitest';
import type { IndicatorReading } from './indicator-reading';
import { encodeTf2Frame, Xk3190Tf2Decoder } from './xk3190-tf2';

const kgOf = (r: IndicatorReading) => (r.kind === 'weight' ? r.kg : Number.NaN);

describe('XK3190 tF=2 decoder', () => {
  it("reads the manual's examples: 3.000 as =000.3000 and -1.00 as =00.1000-", () => {
    expect(encodeTf2Frame(3, 3).toString()).toBe('=000.3000');
    expect(encodeTf2Frame(-1, 2).toString()).toBe('=00.1000-');
    const d = new Xk3190Tf2Decoder();
    const out = d.push(Buffer.from('=000.3000=00.1000-=000.3000'));
    expect(out.readings.map(kgOf)).toEqual([3, -1, 3]);
    expect(out.readings[0]).toMatchObject({ kind: 'weight', basis: 'display' }); // no gross/net flag
  });

  it('reads weights without a decimal point, in kg or tonnes, however the stream is chunked', () => {
    expect(encodeTf2Frame(41_230).toString()).toBe('=03214000');
    const stream = Buffer.concat([encodeTf2Frame(0), encodeTf2Frame(41_230), encodeTf2Frame(-40)]);
    for (const size of [1, 4, 9, 10, stream.length]) {
      const d = new Xk3190Tf2Decoder();
      const kgs: number[] = [];
      for (let i = 0; i < stream.length; i += size)
        kgs.push(...d.push(stream.subarray(i, i + size)).readings.map(kgOf));
      expect(kgs, `chunks of ${size}`).toEqual([0, 41_230, -40]);
    }
    expect(new Xk3190Tf2Decoder(1000).push(encodeTf2Frame(22.46, 2)).readings.map(kgOf)).toEqual([22_460]);
  });

  it('counts corrupt frames and noise, and resynchronises at the next =', () => {
    const d = new Xk3190Tf2Decoder();
    const out = d.push(Buffer.from('\xff\x00=0321400+=03#14000=0.3.0000=03214000', 'latin1'));
    expect(out.readings.map(kgOf)).toEqual([41_230]);
    expect(d.counters.corrupt).toBe(3);
    expect(out.problems[0]).toMatch(/corrupt XK3190 tF=2 frame: sign byte "\+" is not 0 or -: 3d 30/);
    expect(out.problems[1]).toMatch(/weight is not 7 digits with at most one decimal point/);
  });
});

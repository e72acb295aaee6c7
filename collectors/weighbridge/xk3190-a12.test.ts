// XK3190-A12(E) lines: the manual's example (4.139 kg gross, check 3D), its OL and LO overload lines (check
// 23), net (WN) weights, noise and corrupt lines.
import { describe, expect, it } from 'vitest';
import { encodeA12Line, encodeA12Weight, Xk3190A12Decoder } from './xk3190-a12';

describe('XK3190-A12 decoder', () => {
  it("reads the manual's example WG004.139kg3D and its hex bytes", () => {
    const line = Buffer.from('57 47 30 30 34 2E 31 33 39 6B 67 33 44 0D 0A'.replaceAll(' ', ''), 'hex');
    expect(encodeA12Weight(4.139, 3)).toEqual(line);
    const out = new Xk3190A12Decoder().push(line);
    expect(out.readings).toEqual([{ kind: 'weight', kg: 4.139, basis: 'gross' }]);
    expect([out.valid, out.invalid]).toEqual([1, 0]);
  });

  it('reads the OL and LO lines (check 23) as out of range, net lines as net, whole kg with a trailing blank', () => {
    expect(encodeA12Line('         OL').toString('latin1')).toBe('         OL23\r\n');
    const d = new Xk3190A12Decoder();
    const out = d.push(
      Buffer.concat([
        encodeA12Line('         OL'),
        encodeA12Line('         LO'),
        encodeA12Weight(24_430, 0, 'N'),
        encodeA12Weight(-40, 0),
        encodeA12Weight(-4.1, 1),
      ]),
    );
    expect(encodeA12Weight(24_430, 0, 'N').toString('latin1').slice(0, 11)).toBe('WN024430 kg');
    expect(out.readings).toEqual([
      { kind: 'out-of-range', side: 'over', what: 'OL (overload)' },
      { kind: 'out-of-range', side: 'under', what: 'LO (below -20d)' },
      { kind: 'weight', kg: 24_430, basis: 'net' },
      { kind: 'weight', kg: -40, basis: 'gross' },
      { kind: 'weight', kg: -4.1, basis: 'gross' },
    ]);
  });

  it('decodes split lines, skips noise before a line, counts bad checks and short lines', () => {
    const d = new Xk3190A12Decoder();
    const good = encodeA12Weight(41_230, 0);
    const bad = Buffer.from(good);
    bad[5] = 0x39; // a digit garbled: the check no longer matches
    const stream = Buffer.concat([
      Buffer.from('\xff\x00', 'latin1'),
      good,
      bad,
      good.subarray(0, 6),
      Buffer.from('\r\n'),
      good,
    ]);
    const kgs: number[] = [];
    for (let i = 0; i < stream.length; i += 4)
      kgs.push(
        ...d.push(stream.subarray(i, i + 4)).readings.flatMap((r) => (r.kind === 'weight' ? [r.kg] : [])),
      );
    expect(kgs).toEqual([41_230, 41_230]);
    expect(d.counters).toEqual({ frames: 2, corrupt: 2, skippedBytes: 2 });
  });

  it('refuses units other than kg and frames that do not start with WG or WN', () => {
    const d = new Xk3190A12Decoder();
    const out = d.push(Buffer.concat([encodeA12Line('WG004.139lb'), encodeA12Line('WX004.139kg')]));
    expect(out.readings).toEqual([]);
    expect(out.problems).toEqual([
      expect.stringMatching(/unit "lb" is not kg/),
      expect.stringMatching(/does not start with WG or WN/),
    ]);
  });
});

// METTLER TOLEDO standard continuous output: the status words' bits (decimal point, increment size, net,
// sign, out of range, motion, lb/kg, other units), weight and tare, the optional checksum, and corrupt frames.
import { describe, expect, it } from 'vitest';
import { asSeenAt8N1 } from './testing/seen-at-8n1';
import {
  encodeToledoFrame,
  parseToledoFrame,
  ToledoContinuousDecoder,
  toledoChecksum,
} from './toledo-continuous';

describe('Toledo continuous output', () => {
  it('reads the status words bit by bit', () => {
    // A: 0x2A = bit 5, increment x1 (bits 3-4 = 01), decimal code 2 (XXXXXX).
    // B: 0x31 = bit 5, kg, net. C: 0x20 = bit 5, lb or kg.
    const frame = Buffer.from('\x02\x2a\x31\x20024430016800\r', 'latin1');
    expect(parseToledoFrame(frame, false)).toEqual({
      weight: 24_430,
      tare: 16_800,
      unit: 'kg',
      net: true,
      negative: false,
      outOfRange: false,
      motion: false,
      powerUpNotZeroed: false,
      expanded: false,
      increment: 1,
    });
    // Decimal code 4 (XXXX.XX), increment x5 (bits 3-4 = 11), motion, lb (B bit 4 clear).
    const lb = parseToledoFrame(Buffer.from('\x02\x3c\x28\x20012345000000\r', 'latin1'), false);
    expect(lb).toMatchObject({ weight: 123.45, unit: 'lb', motion: true, increment: 5, net: false });
    // Decimal code 0: two dummy zeros (XXXX00); C code 2: metric tonnes.
    expect(parseToledoFrame(Buffer.from('\x02\x28\x20\x22000412000000\r', 'latin1'), false)).toMatchObject({
      weight: 41_200,
      unit: 't',
    });
  });

  it('makes readings: net with its tare, motion as unstable, out of range, units in kg', () => {
    const d = new ToledoContinuousDecoder(false);
    const out = d.push(
      Buffer.concat([
        encodeToledoFrame({ weight: 24_430, tare: 16_800, net: true }),
        encodeToledoFrame({ weight: 41_230, motion: true }),
        encodeToledoFrame({ weight: 99_999, outOfRange: true }),
        encodeToledoFrame({ weight: 0.5, negative: true, outOfRange: true }, { decimals: 1 }),
        encodeToledoFrame({ weight: 41.23, unit: 't' }, { decimals: 2 }),
        encodeToledoFrame({ weight: 1000, unit: 'lb' }),
      ]),
    );
    expect(out.readings).toEqual([
      { kind: 'weight', kg: 24_430, basis: 'net', stable: true, tareKg: 16_800 },
      { kind: 'weight', kg: 41_230, basis: 'gross', stable: false, tareKg: 0 },
      { kind: 'out-of-range', side: 'over', what: 'out of range (status B bit 2, positive)' },
      { kind: 'out-of-range', side: 'under', what: 'out of range (status B bit 2, negative)' },
      { kind: 'weight', kg: 41_230, basis: 'gross', stable: true, tareKg: 0 },
      { kind: 'weight', kg: 453.59237, basis: 'gross', stable: true, tareKg: 0 },
    ]);
  });

  it('checks the optional checksum: 2s complement of the 7 low bits of the sum from STX to CR', () => {
    const frame = encodeToledoFrame({ weight: 24_430, tare: 16_800, net: true }, { checksum: true });
    expect(frame).toHaveLength(18);
    let sum = 0;
    for (const b of frame) sum += b;
    expect(sum & 0x7f).toBe(0);
    expect(toledoChecksum(frame.subarray(0, 17))).toBe(frame[17]);
    const d = new ToledoContinuousDecoder(true);
    const bad = Buffer.from(frame);
    bad[17] = (bad[17]! + 1) & 0x7f;
    const out = d.push(Buffer.concat([frame, bad, frame]));
    expect(out.readings).toHaveLength(2);
    expect(out.problems).toEqual([
      expect.stringMatching(/corrupt Toledo continuous frame: checksum mismatch/),
    ]);
  });

  it('counts frames with a wrong layout or read at the wrong parity as corrupt, and resynchronises', () => {
    const d = new ToledoContinuousDecoder(false);
    const good = encodeToledoFrame({ weight: 41_230 });
    const garbled = asSeenAt8N1(good); // read at 8N1 from a 7E1 terminal
    const noCr = Buffer.from(good);
    noCr[16] = 0x30;
    const out = d.push(Buffer.concat([Buffer.from('junk'), noCr, garbled, good]));
    expect(out.readings).toHaveLength(1);
    expect(d.counters.frames).toBe(1);
    // After the frame without CR the scan resumes past its STX; the garbled STX (0x82) is no start byte:
    // those bytes are skipped, counted as frame shares.
    expect(d.counters).toEqual({ frames: 1, corrupt: 1, skippedBytes: 4 + 16 + 17 });
    expect(out.problems[0]).toMatch(/no CR at byte 17/);
    expect(out.invalid).toBeGreaterThan(out.valid);
  });
});

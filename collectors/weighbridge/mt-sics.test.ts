// MT-SICS replies: stable and dynamic weights in any unit (net of the indicator's tare), the tare query's
// reply, the error replies, and garbage.
import { describe, expect, it } from 'vitest';
import { MtSicsDecoder, mtSicsCommandBytes, parseMtSicsReply } from './mt-sics';

describe('MT-SICS', () => {
  it('parses stable and dynamic weights and converts units to kg', () => {
    expect(parseMtSicsReply('S S     1234 kg')).toEqual({ kind: 'weight', kg: 1234, stable: true });
    expect(parseMtSicsReply('S D    12.34 t')).toEqual({ kind: 'weight', kg: 12_340, stable: false });
    expect(parseMtSicsReply('S S   -0.5 kg')).toMatchObject({ kg: -0.5 });
    expect(parseMtSicsReply('S S    100 oz')).toMatchObject({ kind: 'weight', kg: 2.8349523125 });
    expect(parseMtSicsReply('S S    100 dwt')).toMatchObject({
      kind: 'corrupt',
      reason: 'unknown unit "dwt"',
    });
    expect(parseMtSicsReply('S S    100 constructor')).toMatchObject({ kind: 'corrupt' });
  });

  it('parses the reply to the tare query TA', () => {
    expect(parseMtSicsReply('TA A    16800 kg')).toEqual({ kind: 'tare', kg: 16_800 });
    expect(parseMtSicsReply('TA A     0.00 t')).toEqual({ kind: 'tare', kg: 0 });
    expect(parseMtSicsReply('TA I')).toEqual({ kind: 'error', code: 'TA I' });
    expect(mtSicsCommandBytes('TA').toString()).toBe('TA\r\n');
    expect(mtSicsCommandBytes('SIR').toString()).toBe('SIR\r\n');
  });

  it('recognises the error replies', () => {
    for (const code of ['S I', 'S +', 'S -', 'ES', 'ET', 'EL', 'TA L'])
      expect(parseMtSicsReply(code)).toEqual({ kind: 'error', code });
  });

  it('does not take names inherited by every object for error replies', () => {
    const d = new MtSicsDecoder();
    const { readings } = d.push(Buffer.from('toString\r\nconstructor\r\n__proto__\r\nhasOwnProperty\r\n'));
    expect(readings).toEqual([]);
    expect(d.counters).toEqual({ replies: 0, corrupt: 4, deviceErrors: 0 });
  });

  it('gives net weights, tares and out-of-range readings; splits CR LF lines across chunks; counts what is wrong', () => {
    const d = new MtSicsDecoder();
    const a = d.push(Buffer.from('S S      10'));
    const b = d.push(Buffer.from('510 kg\r\nTA A   800 kg\r\nES\r\n#?\r\nS +\r\nET\r\n'));
    expect(a.readings).toEqual([]);
    expect(b.readings).toEqual([
      { kind: 'weight', kg: 10_510, stable: true, basis: 'net' },
      { kind: 'tare', kg: 800 },
      { kind: 'out-of-range', side: 'over', what: '"S +"' },
    ]);
    expect(d.counters).toEqual({ replies: 2, corrupt: 1, deviceErrors: 3 });
    // ET (our bytes reached the indicator garbled) and the unreadable line count against the line.
    expect([b.valid, b.invalid]).toEqual([4, 2]);
    d.push(Buffer.alloc(200, 0x41));
    expect(d.counters.corrupt).toBe(2);
  });
});

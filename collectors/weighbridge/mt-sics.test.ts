// MT-SICS replies: stable and dynamic weights in any unit, the six error replies, and garbage.
import { describe, expect, it } from 'vitest';
import { MtSicsDecoder, parseMtSicsReply } from './mt-sics';

describe('MT-SICS', () => {
  it('parses stable and dynamic weights and converts units to kg', () => {
    expect(parseMtSicsReply('S S     1234 kg')).toEqual({
      kind: 'weight',
      sample: { kg: 1234, stable: true },
    });
    expect(parseMtSicsReply('S D    12.34 t')).toEqual({
      kind: 'weight',
      sample: { kg: 12_340, stable: false },
    });
    expect(parseMtSicsReply('S S   -0.5 kg')).toMatchObject({ sample: { kg: -0.5 } });
    expect(parseMtSicsReply('S S    100 oz')).toMatchObject({ kind: 'corrupt', reason: 'unknown unit "oz"' });
  });

  it('recognises the error replies', () => {
    for (const code of ['S I', 'S +', 'S -', 'ES', 'ET', 'EL'])
      expect(parseMtSicsReply(code)).toEqual({ kind: 'error', code });
  });

  it('does not take names inherited by every object for error replies', () => {
    const d = new MtSicsDecoder();
    const { replies } = d.push(Buffer.from('toString\r\nconstructor\r\n__proto__\r\nhasOwnProperty\r\n'));
    expect(replies.map((r) => r.kind)).toEqual(['corrupt', 'corrupt', 'corrupt', 'corrupt']);
    expect(d.counters).toEqual({ replies: 0, corrupt: 4, deviceErrors: 0 });
  });

  it('splits CR LF lines across chunks and counts what is wrong', () => {
    const d = new MtSicsDecoder();
    const a = d.push(Buffer.from('S S      10'));
    const b = d.push(Buffer.from('510 kg\r\nES\r\n#?\r\n'));
    expect(a.replies).toEqual([]);
    expect(b.replies.map((r) => r.kind)).toEqual(['weight', 'error', 'corrupt']);
    expect(d.counters).toEqual({ replies: 1, corrupt: 1, deviceErrors: 1 });
    d.push(Buffer.alloc(200, 0x41));
    expect(d.counters.corrupt).toBe(2);
  });
});

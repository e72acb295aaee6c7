// The day table: entries sharing a key are all found, the same entry is added once, growth and the packed form
// keep every entry.
import { describe, expect, it } from 'vitest';
import { decodeDayFile, encodeDayFile } from './identity-day-file';
import { IdentityTable } from './identity-table';

const entry = (k: number, f: number, offset = 0) => ({
  keyHi: k,
  keyLo: k * 7919,
  fieldsHi: f,
  fieldsLo: f,
  offset,
});

function entriesOf(t: IdentityTable, k: number) {
  const out: number[][] = [];
  t.forKey(k, (k * 7919) >>> 0, (hi, lo, offset) => out.push([hi, lo, offset]));
  return out.sort((a, b) => a[2]! - b[2]!);
}

describe('IdentityTable', () => {
  it('finds every entry of a key, adds an identical entry once, and survives growth and a file round trip', () => {
    const t = new IdentityTable();
    for (let k = 1; k <= 10_000; k++) expect(t.add(entry(k, k + 1))).toBe(true);
    expect(t.add(entry(5, 77, 1))).toBe(true);
    expect(t.add(entry(5, 77, 1))).toBe(false);
    expect(t.count).toBe(10_001);
    expect(entriesOf(t, 5)).toEqual([
      [6, 6, 0],
      [77, 77, 1],
    ]);
    expect(entriesOf(t, 20_000)).toEqual([]);
    const back = decodeDayFile(encodeDayFile(t));
    if ('error' in back) throw new Error(back.error);
    expect(back.count).toBe(10_001);
    expect(entriesOf(back, 5)).toEqual(entriesOf(t, 5));
    expect(entriesOf(back, 9_999)).toEqual([[10_000, 10_000, 0]]);
  });

  it('refuses a damaged file', () => {
    const t = new IdentityTable();
    t.add(entry(1, 2));
    const file = encodeDayFile(t);
    file.writeUInt8(file.at(-1)! ^ 1, file.length - 1);
    expect(decodeDayFile(file)).toEqual({ error: 'checksum mismatch' });
    expect(decodeDayFile(file.subarray(0, file.length - 4))).toMatchObject({
      error: expect.stringMatching(/bytes/),
    });
  });
});

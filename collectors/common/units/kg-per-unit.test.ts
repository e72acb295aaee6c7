// The one kg table: every spelling a collector meets, the short ton and pound exact, unknown units undefined.
import { describe, expect, it } from 'vitest';
import { kgPerUnit } from './kg-per-unit';

describe('kgPerUnit', () => {
  it('knows the indicator symbols and the AIDX names alike', () => {
    expect(kgPerUnit('lb')).toBe(0.45359237);
    expect(kgPerUnit('Pound')).toBe(kgPerUnit('lb'));
    expect(kgPerUnit('t')).toBe(1000);
    expect(kgPerUnit('Tonne')).toBe(1000);
    expect(kgPerUnit('ton')).toBeCloseTo(907.18474, 9);
    expect(kgPerUnit('Ton')).toBe(kgPerUnit('ton'));
    expect(kgPerUnit('Kilogram')).toBe(1);
    expect(kgPerUnit('stone')).toBeUndefined();
    expect(kgPerUnit('toString')).toBeUndefined();
  });
});

// Pairing rules: which weighing is the tare, what happens to strays, and restored open weighings.
import { describe, expect, it } from 'vitest';
import { type PairingOptions, WeighPairing, type WeighReading } from './pairing';

const t0 = Date.UTC(2025, 6, 15, 2);
const options = (o: Partial<PairingOptions> = {}): PairingOptions => ({
  site: 'yiwu-customs',
  rule: 'loaded-in',
  unknownPlate: 'skip',
  vehicles: new Map([['浙A·1', { plate: '浙A·1', axles: 5, tareKg: 15_000, ratedPayloadKg: 27_000 }]]),
  defaults: { axles: 2, ratedPayloadKg: 0 },
  maxDwellMs: 3_600_000,
  ...o,
});
const reading = (direction: 'in' | 'out', kg: number, plate = '浙B·2', at = 0): WeighReading => ({
  bridge: direction === 'in' ? 'G1-L1' : 'G1-L3',
  direction,
  plate,
  kg,
  time: t0 + at,
});

describe('WeighPairing', () => {
  it('loaded-in: the out weighing is the tare of both readings', () => {
    const p = new WeighPairing(options(), () => {});
    expect(p.add(reading('in', 30_000))).toEqual([]);
    const [i, o] = p.add(reading('out', 12_000, '浙B·2', 60_000));
    expect([i?.net_kg, o?.net_kg, i?.tare_kg, o?.time]).toEqual([18_000, 0, 12_000, t0 + 60_000]);
  });

  it('empty-in: the in weighing is the tare; a heavier tare is a counted mismatch', () => {
    const p = new WeighPairing(options({ rule: 'empty-in' }), () => {});
    p.add(reading('in', 12_000));
    expect(p.add(reading('out', 30_000)).map((e) => e.net_kg)).toEqual([0, 18_000]);
    p.add(reading('in', 30_000, '浙C·3'));
    expect(p.add(reading('out', 12_000, '浙C·3')).map((e) => e.tare_kg)).toEqual([12_000, 12_000]);
    expect(p.counters.ruleMismatches).toBe(1);
  });

  it('vehicle-table: reports at once with the registered tare, payload and axles', () => {
    const p = new WeighPairing(options({ rule: 'vehicle-table' }), () => {});
    expect(p.add(reading('in', 40_000, '浙A·1'))).toMatchObject([
      { tare_kg: 15_000, net_kg: 25_000, axles: 5, rated_payload_kg: 27_000 },
    ]);
    expect(p.add(reading('in', 40_000, '浙Z·9'))).toEqual([]);
    expect(p.counters.skipped).toBe(1);
  });

  it('drops strays: an out without an in, an in never weighed out; a registered tare rescues them', () => {
    const logs: string[] = [];
    const p = new WeighPairing(options(), (_l, m) => logs.push(m));
    expect(p.add(reading('out', 9000))).toEqual([]);
    p.add(reading('in', 30_000));
    p.add(reading('in', 35_000, '浙A·1'));
    expect(p.expire(t0 + 3_600_000).map((e) => [e.plate, e.net_kg])).toEqual([['浙A1', 20_000]]);
    expect(p.counters).toMatchObject({ unpairedOut: 1, expired: 1 });
    expect(logs.join('\n')).toMatch(/浙B2 weighed in .*no weighing out within 1 h; dropped/);
  });

  it('restores open in-weighings (state file) and pairs them after a restart', () => {
    const first = new WeighPairing(options(), () => {});
    first.add(reading('in', 30_000));
    const second = new WeighPairing(options(), () => {});
    second.restore(JSON.parse(JSON.stringify(first.state())));
    expect(second.add(reading('out', 10_000)).map((e) => e.net_kg)).toEqual([20_000, 0]);
  });

  it('vehicle-table: remembers across a restart that a registered truck was weighed in', () => {
    const first = new WeighPairing(options({ rule: 'vehicle-table' }), () => {});
    first.add(reading('in', 40_000, '浙A·1'));
    expect(first.nextDirection('浙A·1')).toBe('out');
    const second = new WeighPairing(options({ rule: 'vehicle-table' }), () => {});
    second.restore(JSON.parse(JSON.stringify(first.state())));
    expect(second.nextDirection('浙A·1')).toBe('out');
    second.add(reading('out', 15_000, '浙A·1'));
    expect(second.nextDirection('浙A·1')).toBe('in');
    expect(new WeighPairing(options(), () => {}).nextDirection('浙A·1')).toBe('in');
  });
});

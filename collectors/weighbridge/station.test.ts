// The station on a fake clock: on a bridge weighing both ways (direction auto), a truck's second weighing is
// its way out, whichever pairing rule reports the events.
import { describe, expect, it } from 'vitest';
import type { Weighbridge } from '../../shared/events/weighbridge';
import type { PairingRule } from './pairing';
import { WeighStation } from './station';

const t0 = Date.UTC(2025, 6, 15, 2);

function autoStation(rule: PairingRule) {
  let now = t0;
  const events: Weighbridge[] = [];
  const station = new WeighStation({
    bridges: [{ id: 'B1', direction: 'auto' }],
    settle: { minKg: 500, toleranceKg: 20, stableMs: 1000, minSamples: 3 },
    plateWindowMs: 30_000,
    pairing: {
      site: 'yiwu-customs',
      rule,
      unknownPlate: 'skip',
      vehicles: new Map([['浙A·1', { plate: '浙A·1', axles: 5, tareKg: 15_000 }]]),
      defaults: { axles: 2, ratedPayloadKg: 0 },
      maxDwellMs: 3_600_000,
    },
    now: () => now,
    emit: (e) => events.push(...e),
    log: () => {},
  });
  /** A truck drives on with its plate read, stands still for 2 s, drives off; then `gapMs` pass. */
  const weigh = (plate: string, kg: number, gapMs = 600_000) => {
    station.plate({ bridge: 'B1', plate });
    for (let i = 0; i <= 4; i++) {
      station.sample('B1', { kg });
      now += 500;
    }
    station.sample('B1', { kg: 0 });
    now += gapMs;
    station.tick();
  };
  return { station, events, weigh };
}

describe('WeighStation on an auto bridge', () => {
  it('vehicle-table: labels a registered truck in, then out, then in again', () => {
    const { events, weigh } = autoStation('vehicle-table');
    weigh('浙A·1', 40_000);
    weigh('浙A·1', 15_200);
    weigh('浙A·1', 38_000);
    expect(events.map((e) => [e.direction, e.net_kg])).toEqual([
      ['in', 25_000],
      ['out', 200],
      ['in', 23_000],
    ]);
  });

  it('vehicle-table: a truck never weighed out is weighed in again after the maximum dwell', () => {
    const { events, weigh } = autoStation('vehicle-table');
    weigh('浙A·1', 40_000, 3_600_000);
    weigh('浙A·1', 39_000);
    expect(events.map((e) => e.direction)).toEqual(['in', 'in']);
  });

  it('loaded-in: pairs the second weighing as the way out', () => {
    const { events, weigh } = autoStation('loaded-in');
    weigh('浙B·2', 30_000);
    weigh('浙B·2', 12_000);
    expect(events.map((e) => [e.direction, e.tare_kg])).toEqual([
      ['in', 12_000],
      ['out', 12_000],
    ]);
  });
});

describe('WeighStation plates', () => {
  it('pairs the two spellings of one plate (浙A·12345 in, 浙A12345 out) and reports the canonical one with its type', () => {
    const { events, weigh } = autoStation('loaded-in');
    weigh('浙A·12345', 40_000);
    weigh('浙A12345', 15_000);
    expect(events.map((e) => [e.direction, e.plate, e.plate_type, e.net_kg])).toEqual([
      ['in', '浙A12345', 'ordinary', 25_000],
      ['out', '浙A12345', 'ordinary', 0],
    ]);
  });

  it('finds a registered truck whatever the spelling of its plate in the vehicle table', () => {
    const { events, weigh } = autoStation('vehicle-table');
    weigh('浙A1', 40_000); // registered as 浙A·1
    expect(events.map((e) => [e.plate, e.net_kg])).toEqual([['浙A1', 25_000]]);
  });

  it('never pairs camera "no plate" placeholders, and counts them', () => {
    const { station, events, weigh } = autoStation('loaded-in');
    weigh('无车牌', 40_000);
    weigh('_无_', 15_000);
    expect(events).toEqual([]);
    expect(station.counters).toMatchObject({ noPlateReads: 2, noPlate: 2 });
  });
});

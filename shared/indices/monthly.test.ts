// Monthly indices on hand-made sums: the worked example of docs/indices.md, base rules, nulls with reasons,
// partial months, weights.
import { describe, expect, it } from 'vitest';
import { addMonths, daysInMonth, type MonthKey } from './calendar';
import { type MonthData, memoMonthData, monthlyIndices } from './monthly';
import { emptySums, type RawSums } from './raw-sums';
import { parseWeights } from './weights';

type Figures = Omit<RawSums, 'volumeEvents' | 'ruralEvents' | 'stableWeighings'>;
// Event counts only tell "no data" from zero; any positive count will do for hand-made sums.
const sums = (f: Figures): RawSums => ({
  ...emptySums(),
  ...f,
  volumeEvents: 1,
  ruralEvents: 1,
  stableWeighings: 1,
});
const before = { netKg: 800_000, ratedKg: 1_000_000, vehicleScans: 1000, vehicleScansWithinSla: 800 };
const after = { netKg: 840_000, ratedKg: 1_000_000, vehicleScans: 1000, vehicleScansWithinSla: 880 };

/** docs/indices.md, "A worked example": one site, June and July of 2024 and 2025. */
const workedExample: Record<MonthKey, RawSums> = {
  '2024-06': sums({
    ...before,
    parcels: 30_000,
    ruralParcels: 6_000,
    staffBadgeDays: 1_500,
    departures: 100,
    onTimeDepartures: 90,
  }),
  '2024-07': sums({
    ...before,
    parcels: 31_000,
    ruralParcels: 6_200,
    staffBadgeDays: 1_550,
    departures: 100,
    onTimeDepartures: 90,
  }),
  '2025-06': sums({
    ...after,
    parcels: 34_710,
    ruralParcels: 7_824,
    staffBadgeDays: 1_680,
    departures: 60,
    onTimeDepartures: 54,
  }),
  '2025-07': sums({
    ...after,
    parcels: 35_960,
    ruralParcels: 8_153,
    staffBadgeDays: 1_736,
    departures: 60,
    onTimeDepartures: 54,
  }),
};

const complete =
  (table: Record<MonthKey, RawSums>) =>
  (m: MonthKey): MonthData => ({ sums: table[m] ?? emptySums(), days: daysInMonth(m), partial: false });

describe('monthly indices', () => {
  it('reproduces the worked example: composite 112.0 (+0.2), rural 131.5 (+1.1)', () => {
    const r = monthlyIndices('2025-07', { mode: 'yoy' }, complete(workedExample));
    expect(r.base).toEqual({ mode: 'yoy', month: '2024-07' });
    const expected = {
      volume: [116.0, 0.3, 1160],
      rural_volume: [131.5, 1.1, 263],
      staffing: [112.0, 0, 56],
      load_rate: [105.0, 0, 0.84],
      gate_timeliness: [110.0, 0, 0.88],
      flight_punctuality: [100.0, 0, 0.9],
    } as const;
    for (const [name, [value, change, metric]] of Object.entries(expected)) {
      const i = r.indices[name as keyof typeof expected];
      expect(i.value, name).toBeCloseTo(value, 9);
      expect(i.change, name).toBeCloseTo(change, 9);
      expect(i.metric, name).toBeCloseTo(metric, 9);
      expect(i.reason).toBeNull();
    }
    expect(r.indices.composite.value).toBeCloseTo(112.0, 9);
    expect(r.indices.composite.change).toBeCloseTo(0.2, 9);
    expect(r.indices.composite.metric).toBeNull();
  });

  it('with a fixed base, the base month itself is 100 and change uses the same base', () => {
    const r = monthlyIndices('2025-07', { mode: 'fixed', month: '2025-06' }, complete(workedExample));
    expect(r.base).toEqual({ mode: 'fixed', month: '2025-06' });
    expect(r.indices.volume.value).toBeCloseTo((100 * 1160) / 1157, 9);
    expect(r.indices.volume.change).toBeCloseTo((100 * 1160) / 1157 - 100, 9);
    const june = monthlyIndices('2025-06', { mode: 'fixed', month: '2025-06' }, complete(workedExample));
    for (const i of Object.values(june.indices)) expect(i.value).toBeCloseTo(100, 9);
  });

  it('is null with a reason when the month or the base has no data (never 0 or 100)', () => {
    const table = {
      ...workedExample,
      '2025-07': { ...workedExample['2025-07']!, departures: 0, onTimeDepartures: 0 },
    };
    const r = monthlyIndices('2025-07', { mode: 'yoy' }, complete(table));
    expect(r.indices.flight_punctuality).toEqual({
      value: null,
      change: null,
      metric: null,
      reason: 'no data in 2025-07: no flight departures',
    });
    const noBase = monthlyIndices(
      '2025-08',
      { mode: 'yoy' },
      complete({ '2025-08': workedExample['2025-07']! }),
    );
    expect(noBase.indices.volume.value).toBeNull();
    expect(noBase.indices.volume.metric).toBeCloseTo(1160, 9);
    expect(noBase.indices.volume.reason).toBe(
      'no data in base month 2024-08: no released vehicle gate scans or departures',
    );
    expect(noBase.indices.composite).toMatchObject({
      value: null,
      reason: 'no weighted sub-index has a value',
    });
  });

  it('says why a change is unknown when the value is known', () => {
    const { '2025-06': _, ...withoutJune } = workedExample;
    const r = monthlyIndices('2025-07', { mode: 'yoy' }, complete(withoutJune));
    expect(r.indices.volume.value).toBeCloseTo(116, 9);
    expect(r.indices.volume.change).toBeNull();
    expect(r.indices.volume.reason).toBe('change unknown: no value for 2025-06');
  });

  it('leaves missing sub-indices out of the composite and renormalises the weights', () => {
    const table = {
      ...workedExample,
      '2025-07': { ...workedExample['2025-07']!, departures: 0, onTimeDepartures: 0 },
    };
    const r = monthlyIndices('2025-07', { mode: 'yoy' }, complete(table));
    const expected = (0.3 * 116 + 0.1 * 131.5 + 0.15 * (112 + 105 + 110)) / 0.85;
    expect(r.indices.composite.value).toBeCloseTo(expected, 9);
  });

  it('uses configurable weights', () => {
    const r = monthlyIndices(
      '2025-07',
      { mode: 'yoy' },
      complete(workedExample),
      parseWeights('volume:1,rural_volume:1'),
    );
    expect(r.indices.composite.value).toBeCloseTo((116 + 131.5) / 2, 9);
  });

  it('divides a partial month by the days elapsed and says it is partial', () => {
    const data = (m: MonthKey): MonthData =>
      m === '2025-07'
        ? {
            sums: sums({
              ...after,
              parcels: 15 * 1160,
              ruralParcels: 0,
              staffBadgeDays: 15 * 56,
              departures: 0,
              onTimeDepartures: 0,
            }),
            days: 15,
            partial: true,
          }
        : complete(workedExample)(m);
    const r = monthlyIndices('2025-07', { mode: 'yoy' }, data);
    expect(r.partial).toBe(true);
    expect(r.indices.volume.value).toBeCloseTo(116, 9);
    expect(r.indices.staffing.value).toBeCloseTo(112, 9);
  });

  it('memoises month data so a series reads each month once', () => {
    const asked: MonthKey[] = [];
    const data = memoMonthData((m) => {
      asked.push(m);
      return complete(workedExample)(m);
    });
    for (let m = '2025-01'; m <= '2025-07'; m = addMonths(m, 1)) monthlyIndices(m, { mode: 'yoy' }, data);
    expect(asked.length).toBe(new Set(asked).size);
  });
});

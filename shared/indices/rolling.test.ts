// Rolling indices: window against the same window 7 days earlier, with metrics as window totals.
import { describe, expect, it } from 'vitest';
import { emptySums, type RawSums } from './raw-sums';
import { rollingIndices } from './rolling';

const sums = (s: Partial<RawSums>): RawSums => ({ ...emptySums(), ...s });

describe('rolling indices', () => {
  it('compares window totals and shares with the base window', () => {
    const now = sums({ parcels: 1200, volumeEvents: 30, vehicleScans: 40, vehicleScansWithinSla: 38 });
    const base = sums({ parcels: 1000, volumeEvents: 25, vehicleScans: 50, vehicleScansWithinSla: 45 });
    const r = rollingIndices(now, base);
    expect(r.volume).toEqual({ value: 120, metric: 1200, base_metric: 1000, reason: null });
    expect(r.gate_timeliness.value).toBeCloseTo((100 * 0.95) / 0.9, 9);
    expect(r.flight_punctuality).toEqual({
      value: null,
      metric: null,
      base_metric: null,
      reason: 'no data in the window: no flight departures',
    });
    expect(r.composite.value).toBeCloseTo((0.3 * 120 + 0.15 * r.gate_timeliness.value!) / 0.45, 9);
  });

  it('is null with a reason when only the base window is empty', () => {
    const r = rollingIndices(sums({ departures: 2, onTimeDepartures: 1 }), emptySums());
    expect(r.flight_punctuality.reason).toBe(
      'no data in the base window (7 days earlier): no flight departures',
    );
    expect(r.flight_punctuality.metric).toBe(0.5);
  });
});

// Diurnal profiles follow the site's clock: trucks peak morning and afternoon, freighters leave at night.
import { describe, expect, it } from 'vitest';
import { localDay, localDayStartMs, utcOffsetMs } from '../../shared/indices/time-zone';
import { activityAtHour, diurnalMultiplier } from './diurnal';
import { localHour } from './local-time';

describe('diurnal profiles', () => {
  it('average 1 over the day', () => {
    for (const profile of ['truck', 'cargoFlight'] as const) {
      const hours = Array.from({ length: 240 }, (_, i) => activityAtHour(profile, i / 10));
      expect(hours.reduce((s, x) => s + x, 0) / hours.length).toBeCloseTo(1, 2);
    }
  });

  it('make truck nights quiet, with a morning and an afternoon peak around a lunch dip', () => {
    const truck = (h: number) => activityAtHour('truck', h);
    expect(truck(3)).toBeLessThan(0.3);
    expect(truck(10)).toBeGreaterThan(5 * truck(3));
    expect(truck(15.5)).toBeGreaterThan(5 * truck(3));
    expect(truck(12.75)).toBeLessThan(truck(10));
    expect(truck(12.75)).toBeLessThan(truck(15.5));
  });

  it('put the cargo flight bank in the evening and night', () => {
    const flight = (h: number) => activityAtHour('cargoFlight', h);
    expect(flight(23)).toBeGreaterThan(3 * flight(8));
    expect(flight(1)).toBeGreaterThan(flight(8));
  });

  it('read the hour in the site time zone', () => {
    const instant = Date.UTC(2025, 6, 15, 2, 0); // 10:00 in Shanghai, 03:00 in London (BST)
    expect(localHour(instant, 'Asia/Shanghai')).toBe(10);
    expect(localHour(instant, 'Europe/London')).toBe(3);
    expect(diurnalMultiplier('truck', instant, 'Asia/Shanghai')).toBeGreaterThan(
      5 * diurnalMultiplier('truck', instant, 'Europe/London'),
    );
  });

  it('find local midnights', () => {
    const instant = Date.UTC(2025, 6, 15, 2, 0);
    expect(utcOffsetMs(instant, 'Asia/Shanghai')).toBe(8 * 3_600_000);
    const day = localDay(instant, 'Asia/Shanghai');
    expect(localDayStartMs(day, 'Asia/Shanghai')).toBe(Date.UTC(2025, 6, 14, 16, 0));
    expect(localDayStartMs(localDay(instant, 'America/New_York'), 'America/New_York')).toBe(
      Date.UTC(2025, 6, 14, 4, 0),
    );
  });
});

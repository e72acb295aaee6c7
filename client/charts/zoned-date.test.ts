// zonedDate gives the same wall-clock Date as uPlot.tzDate (toLocaleString per call), across DST changes.
import { describe, expect, it } from 'vitest';
import { zonedDate } from './zoned-date';

/** uPlot.tzDate's way, for comparison (uplot's module needs a DOM to load). */
function viaLocaleString(ms: number, timeZone: string): Date {
  const date = new Date(new Date(ms).toLocaleString('en-US', { timeZone }));
  date.setMilliseconds(new Date(ms).getMilliseconds());
  return date;
}

describe('zonedDate', () => {
  const zones = ['Asia/Shanghai', 'Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'UTC'];
  const step = 3 * 3_600_000 + 13_250; // every 3 h (and a bit) over 2026; each DST change at 1 min steps
  const offset = (ms: number, zone: string) => viaLocaleString(ms, zone).getTime() - ms;

  for (const zone of zones) {
    it(`reads the wall clock of ${zone} like uPlot.tzDate, across its DST changes`, () => {
      const zoned = zonedDate(zone);
      const instants: number[] = [];
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += step) {
        instants.push(ms);
        if (offset(ms, zone) !== offset(ms + step, zone))
          for (let m = ms + 60_000; m < ms + step; m += 60_000) instants.push(m);
      }
      const wrong = instants.filter(
        (ms) => zoned(ms / 1000).getTime() !== viaLocaleString(ms, zone).getTime(),
      );
      expect(wrong.map((ms) => new Date(ms).toISOString()).slice(0, 5)).toEqual([]);
      if (zone !== 'Asia/Shanghai' && zone !== 'UTC') expect(instants.length).toBeGreaterThan(2920 + 300);
    });
  }

  it('reads 14:05:09 in Shanghai for 06:05:09 UTC, midnight as hour 0', () => {
    const d = zonedDate('Asia/Shanghai')(Date.UTC(2026, 11, 3, 6, 5, 9, 500) / 1000);
    expect([
      d.getFullYear(),
      d.getMonth(),
      d.getDate(),
      d.getHours(),
      d.getMinutes(),
      d.getSeconds(),
    ]).toEqual([2026, 11, 3, 14, 5, 9]);
    expect(d.getMilliseconds()).toBe(500);
    expect(zonedDate('Asia/Shanghai')(Date.UTC(2026, 11, 3, 16) / 1000).getHours()).toBe(0);
  });
});

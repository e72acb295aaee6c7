import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../shared/indices/calendar';
import { dayShape, festivalLull, promotionFactor, weekdayFactor } from './business-calendar';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const days = (y: number, m: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => dayNumber(y, m, from + i));

describe('business calendar', () => {
  it('peaks on 11.11, well above an ordinary October week', () => {
    const peak = promotionFactor(dayNumber(2025, 11, 11));
    expect(peak).toBeGreaterThan(1.8);
    expect(mean(days(2025, 10, 1, 14).map(promotionFactor))).toBeLessThan(1.05);
    expect(peak).toBe(
      Math.max(
        ...days(2025, 10, 1, 31)
          .concat(days(2025, 11, 1, 30))
          .map(promotionFactor),
      ),
    );
  });

  it('troughs over the Spring Festival of each year, whose date moves', () => {
    expect(festivalLull(dayNumber(2025, 1, 29))).toBe(1); // 2025: 29 January
    expect(festivalLull(dayNumber(2026, 2, 17))).toBe(1); // 2026: 17 February
    expect(festivalLull(dayNumber(2026, 1, 20))).toBe(0); // a normal January in 2026
    expect(festivalLull(dayNumber(2025, 2, 17))).toBeCloseTo(1 / 7); // 2025: still recovering 19 days on
    expect(festivalLull(dayNumber(2025, 6, 1))).toBe(0);
  });

  it('has a weekly rhythm with a quieter weekend and a weekly mean of 1', () => {
    const week = days(2026, 11, 2, 8).map(weekdayFactor); // Monday 2 … Sunday 8 November 2026
    expect(mean(week)).toBeCloseTo(1, 6);
    expect(week[6]).toBeLessThan(week[0]!);
    expect(week[5]).toBeLessThan(week[2]!);
  });

  it('grows year on year: last year is smaller, less rural, with fewer staff and slower gates', () => {
    const now = dayNumber(2026, 12, 3);
    const today = dayShape(now, now);
    expect(today.ruralShare).toBe(1);
    expect(today.staff).toBe(1);
    const lastYear = dayShape(now - 364, now); // same weekday a year earlier
    expect(today.volume / lastYear.volume).toBeGreaterThan(1.1);
    expect(today.volume / lastYear.volume).toBeLessThan(1.3);
    expect(lastYear.ruralShare).toBeLessThan(1);
    expect(lastYear.staff).toBeLessThan(1);
    expect(lastYear.processing).toBeGreaterThan(1);
  });
});

// Month keys and day numbers: leap years, year boundaries, ranges.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  dayNumber,
  dayOfMonth,
  daysInMonth,
  isMonthKey,
  monthCount,
  monthDays,
  monthOfDay,
  monthRange,
} from './calendar';

describe('calendar', () => {
  it('knows leap Februaries (every 4 years, not centuries, but every 400 years)', () => {
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2025-02')).toBe(28);
    expect(daysInMonth('1900-02')).toBe(28);
    expect(daysInMonth('2000-02')).toBe(29);
    expect(daysInMonth('2025-07')).toBe(31);
    expect(daysInMonth('2025-09')).toBe(30);
  });

  it('accepts only YYYY-MM', () => {
    for (const good of ['2025-07', '2024-12', '2016-10']) expect(isMonthKey(good)).toBe(true);
    for (const bad of ['2025-7', '2025-13', '2025-00', '2025-07-01', '25-07', 'July', ''])
      expect(isMonthKey(bad)).toBe(false);
  });

  it('adds and counts months across years', () => {
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(addMonths('2025-07', -12)).toBe('2024-07');
    expect(addMonths('2024-11', 14)).toBe('2026-01');
    expect(monthCount('2024-01', '2025-12')).toBe(24);
    expect(monthCount('2025-03', '2025-02')).toBe(0);
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });

  it('maps day numbers to months and back', () => {
    const [first, end] = monthDays('2024-02');
    expect(end - first).toBe(29);
    expect(first).toBe(dayNumber(2024, 2, 1));
    expect(monthOfDay(first)).toBe('2024-02');
    expect(monthOfDay(end - 1)).toBe('2024-02');
    expect(monthOfDay(end)).toBe('2024-03');
    expect(dayOfMonth(end - 1)).toBe(29);
    expect(dayNumber(1970, 1, 1)).toBe(0);
  });
});

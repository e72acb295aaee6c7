// Local days and months in IANA zones: Shanghai month boundaries, DST days of 23/25 h, skipped midnights,
// half-hour offsets; checked against Intl's own formatting for random instants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, monthOfDay } from './calendar';
import { localDate, localDay, localDayStartMs, localMonth, monthRangeMs, utcOffsetMs } from './time-zone';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('time zones', () => {
  it('puts 2025-07-31T16:30Z in August in Shanghai (UTC+8) and in July in UTC', () => {
    expect(localMonth(at('2025-07-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2025-08');
    expect(localMonth(at('2025-07-31T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2025-07');
    expect(localMonth(at('2025-07-31T16:30:00Z'), 'UTC')).toBe('2025-07');
  });

  it('gives the instants of a Shanghai month, leap February included', () => {
    const [start, end] = monthRangeMs('2024-02', 'Asia/Shanghai');
    expect(new Date(start).toISOString()).toBe('2024-01-31T16:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2024-02-29T16:00:00.000Z');
  });

  it('has days of 23 and 25 hours where DST changes (New York)', () => {
    const tz = 'America/New_York';
    const len = (y: number, m: number, d: number) =>
      localDayStartMs(dayNumber(y, m, d + 1), tz) - localDayStartMs(dayNumber(y, m, d), tz);
    expect(len(2025, 3, 9)).toBe(23 * H);
    expect(len(2025, 11, 2)).toBe(25 * H);
    expect(len(2025, 7, 1)).toBe(24 * H);
    expect(new Date(localDayStartMs(dayNumber(2025, 3, 9), tz)).toISOString()).toBe(
      '2025-03-09T05:00:00.000Z',
    );
  });

  it('starts a day whose midnight is skipped at its first existing instant (Santiago, 01:00)', () => {
    const start = localDayStartMs(dayNumber(2025, 9, 7), 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2025-09-07T04:00:00.000Z');
    expect(localDay(start - 1, 'America/Santiago')).toBe(dayNumber(2025, 9, 6));
  });

  it('follows a transition inside an hour (Lord Howe, half-hour DST at 15:30Z)', () => {
    expect(utcOffsetMs(at('2025-10-04T15:29:00Z'), 'Australia/Lord_Howe')).toBe(10.5 * H);
    expect(utcOffsetMs(at('2025-10-04T15:31:00Z'), 'Australia/Lord_Howe')).toBe(11 * H);
    expect(utcOffsetMs(at('2025-06-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * H);
  });

  it('agrees with Intl formatting for random instants in many zones', () => {
    const zonesUnderTest = [
      'Asia/Shanghai',
      'Asia/Urumqi',
      'America/New_York',
      'Europe/Berlin',
      'Australia/Lord_Howe',
    ];
    const dateFormats = Object.fromEntries(
      zonesUnderTest.map((tz) => [
        tz,
        new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short' }),
      ]),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }),
        fc.constantFrom(...zonesUnderTest),
        (t, tz) => {
          const ymd = dateFormats[tz]!.format(t);
          const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
          expect(localDay(t, tz)).toBe(dayNumber(y, m, d));
          expect(monthOfDay(localDay(t, tz))).toBe(ymd.slice(0, 7));
          expect(localDate(t, tz)).toBe(ymd);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// Calendar months ("YYYY-MM") and local day numbers: plain proleptic-Gregorian arithmetic, no time zone.
// A day number counts local calendar dates (0 = 1970-01-01), so it means the same date in every zone.

export const DAY_MS = 86_400_000;

/** "2025-07". Months sort as strings. */
export type MonthKey = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(s: string): boolean {
  return MONTH_RE.test(s);
}

export function parseMonth(key: MonthKey): { year: number; month: number } {
  const m = MONTH_RE.exec(key);
  if (!m) throw new RangeError(`not a month (YYYY-MM): "${key}"`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function monthKey(year: number, month: number): MonthKey {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Months since 0000-01, so month arithmetic is integer arithmetic. */
function ordinal(key: MonthKey): number {
  const { year, month } = parseMonth(key);
  return year * 12 + month - 1;
}

function fromOrdinal(n: number): MonthKey {
  return monthKey(Math.floor(n / 12), (n % 12) + 1);
}

export function addMonths(key: MonthKey, n: number): MonthKey {
  return fromOrdinal(ordinal(key) + n);
}

/** Number of months from `from` to `to`, both included (0 or less when `to` is before `from`). */
export function monthCount(from: MonthKey, to: MonthKey): number {
  return ordinal(to) - ordinal(from) + 1;
}

/** Every month from `from` to `to`, both included. */
export function monthRange(from: MonthKey, to: MonthKey): MonthKey[] {
  const out: MonthKey[] = [];
  for (let n = ordinal(from); n <= ordinal(to); n++) out.push(fromOrdinal(n));
  return out;
}

/** 28–31; Date.UTC's day 0 is the last day of the month before, which handles leap Februaries. */
export function daysInMonth(key: MonthKey): number {
  const { year, month } = parseMonth(key);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The day numbers of a month: [first, end) (end is the first day of the next month). */
export function monthDays(key: MonthKey): [number, number] {
  const { year, month } = parseMonth(key);
  return [dayNumber(year, month, 1), dayNumber(year, month + 1, 1)];
}

export function monthOfDay(day: number): MonthKey {
  const d = new Date(day * DAY_MS);
  return monthKey(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/** Day of the month (1–31) of a day number. */
export function dayOfMonth(day: number): number {
  return new Date(day * DAY_MS).getUTCDate();
}

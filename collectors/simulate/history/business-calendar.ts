// The shape of the e-commerce logistics business over the calendar, for the demo's simulated history: steady
// year-on-year growth, the Double 11 (11.11) peak and the smaller 618 and Double 12 ones, the Spring Festival
// trough (its date moves with the lunar calendar), a weekly rhythm, a rural share that keeps growing, a slowly
// growing staff and faster gates. Every factor is 1 at `nowDay`, so history joins the live simulation smoothly.
import { dayNumber } from '../../../shared/indices/calendar';

/** Chinese New Year's day (正月初一), Gregorian. */
const springFestivals: readonly [number, number, number][] = [
  [2020, 1, 25],
  [2021, 2, 12],
  [2022, 2, 1],
  [2023, 1, 22],
  [2024, 2, 10],
  [2025, 1, 29],
  [2026, 2, 17],
  [2027, 2, 6],
  [2028, 1, 26],
  [2029, 2, 13],
  [2030, 2, 3],
  [2031, 1, 23],
  [2032, 2, 11],
  [2033, 1, 31],
  [2034, 2, 19],
  [2035, 2, 8],
];
const festivalDays = springFestivals.map(([y, m, d]) => dayNumber(y, m, d));

/** Monday … Sunday are busier than the weekend; mean 1 over a week. Index: 0 = Sunday. */
const weekday = [0.86, 1.04, 1.06, 1.05, 1.04, 1.03, 0.92];

export interface BusinessTrend {
  /** Parcel volume grows by this share a year (0.2 = +20 %). */
  volumeGrowth: number;
  /** The rural share of parcels grows by this relative share a year. */
  ruralShareGrowth: number;
  /** Staff headcount grows by this share a year. */
  staffGrowth: number;
  /** Median gate verification time shrinks by this share a year. */
  gateSpeedup: number;
  /** Trucks are loaded fuller by this share a year. */
  loadGain: number;
}

export const defaultTrend: BusinessTrend = {
  volumeGrowth: 0.18,
  ruralShareGrowth: 0.08,
  staffGrowth: 0.05,
  gateSpeedup: 0.07,
  loadGain: 0.025,
};

/** A site's own trend: the network average (defaultTrend) varied by up to ±`spread` of each figure. */
export function siteTrend(rng: { between(min: number, max: number): number }, spread = 0.35): BusinessTrend {
  const vary = (v: number) => v * (1 + rng.between(-spread, spread));
  return {
    volumeGrowth: vary(defaultTrend.volumeGrowth),
    ruralShareGrowth: vary(defaultTrend.ruralShareGrowth),
    staffGrowth: vary(defaultTrend.staffGrowth),
    gateSpeedup: vary(defaultTrend.gateSpeedup),
    loadGain: vary(defaultTrend.loadGain),
  };
}

const bump = (distance: number, width: number) => Math.exp(-(distance * distance) / (2 * width * width));

/** Distance in days from `day` to the same month/day in its own year (and the neighbouring years). */
function daysFrom(day: number, month: number, dayOfMonth: number): number {
  const year = new Date(day * 86_400_000).getUTCFullYear();
  let best = Number.POSITIVE_INFINITY;
  for (const y of [year - 1, year, year + 1]) {
    const d = day - dayNumber(y, month, dayOfMonth);
    if (Math.abs(d) < Math.abs(best)) best = d;
  }
  return best;
}

/** Promotions: the 11.11 pre-sale from late October, the peak itself, 618 and Double 12. Mean ≈ 1 off-season. */
export function promotionFactor(day: number): number {
  const d11 = daysFrom(day, 11, 11);
  const presale = d11 >= -20 && d11 <= 0 ? 0.22 : 0;
  return (
    1 +
    presale +
    0.85 * bump(d11, 3) +
    0.3 * bump(daysFrom(day, 6, 18), 3) +
    0.15 * bump(daysFrom(day, 12, 12), 2)
  );
}

/**
 * 0 in normal times, up to 1 in the Spring Festival week: shipping slows two weeks before, stops around the
 * festival and comes back over the fortnight after it (workers travel home and back).
 */
export function festivalLull(day: number): number {
  let lull = 0;
  for (const f of festivalDays) {
    const d = day - f;
    let v = 0;
    if (d >= -14 && d < -3) v = (d + 14) / 11;
    else if (d >= -3 && d <= 7) v = 1;
    else if (d > 7 && d <= 21) v = 1 - (d - 7) / 14;
    lull = Math.max(lull, v);
  }
  return lull;
}

export function weekdayFactor(day: number): number {
  return weekday[(((day + 4) % 7) + 7) % 7]!;
}

/** How the site stands on local `day` relative to `nowDay` (every factor 1 on `nowDay`, apart from the season). */
export interface DayShape {
  /** Parcel volume relative to the live simulation's daily mean. */
  volume: number;
  /** Multiplier of the site's rural share. */
  ruralShare: number;
  /** Share of the full roster on the books (≤ 1 in the past). */
  staff: number;
  /** Multiplier of the attendance of those on the books (lower over the festival). */
  attendance: number;
  /** Multiplier of the median gate verification time (≥ 1 in the past). */
  processing: number;
  /** Multiplier of how full trucks are (≤ 1 in the past). */
  load: number;
}

export function dayShape(day: number, nowDay: number, trend: BusinessTrend = defaultTrend): DayShape {
  const years = (day - nowDay) / 365.25; // ≤ 0 in the past
  const lull = festivalLull(day);
  return {
    volume: (1 + trend.volumeGrowth) ** years * promotionFactor(day) * weekdayFactor(day) * (1 - 0.35 * lull),
    ruralShare: (1 + trend.ruralShareGrowth) ** years,
    staff: (1 + trend.staffGrowth) ** years,
    attendance: 1 - 0.2 * lull,
    processing: (1 - trend.gateSpeedup) ** years,
    load: (1 + trend.loadGain) ** years,
  };
}

// Diurnal activity profiles in a site's time zone: how busy an hour of the day is relative to the daily mean.
// Trucks: quiet nights, a morning and an afternoon peak with a lunch dip. Cargo flights: an evening/night bank
// (freighters leave after the day's parcels are consolidated).
import { localHour } from './local-time';

export type DiurnalProfile = 'truck' | 'cargoFlight';

/** A bump centred on `peak` o'clock, wrapping around midnight. */
function bump(hour: number, peak: number, width: number): number {
  const d = Math.min(Math.abs(hour - peak), 24 - Math.abs(hour - peak));
  return Math.exp(-(d * d) / (2 * width * width));
}

const shapes: Record<DiurnalProfile, (hour: number) => number> = {
  truck: (h) => 0.12 + bump(h, 10, 1.6) + 0.9 * bump(h, 15.5, 1.8) + 0.25 * bump(h, 20, 1.5),
  cargoFlight: (h) => 0.15 + bump(h, 23, 2.2) + 0.45 * bump(h, 2, 1.5) + 0.3 * bump(h, 13, 2),
};

/** Shapes scaled to a daily mean of 1, so `rate × multiplier` keeps the configured daily total. */
const means: Record<DiurnalProfile, number> = {
  truck: meanOf(shapes.truck),
  cargoFlight: meanOf(shapes.cargoFlight),
};

function meanOf(shape: (hour: number) => number): number {
  const steps = 24 * 60;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += shape((i + 0.5) / 60);
  return sum / steps;
}

/** Rate multiplier (daily mean 1) at local hour `hour` in [0, 24). */
export function activityAtHour(profile: DiurnalProfile, hour: number): number {
  return shapes[profile](hour) / means[profile];
}

/** Rate multiplier (daily mean 1) at instant `epochMs` for a site in `timeZone`. */
export function diurnalMultiplier(profile: DiurnalProfile, epochMs: number, timeZone: string): number {
  return activityAtHour(profile, localHour(epochMs, timeZone));
}

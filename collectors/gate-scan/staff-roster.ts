// Gate staff of one site: teams rotate forward through 2 × 12 h or 3 × 8 h shifts with one team off each day,
// so nobody works two overlapping shifts. Each present member badges in before the shift starts and out after
// it ends; the night shift is thinner.
import type { Site } from '../../shared/sites/registry';
import { DailyPlan } from '../simulate/daily-plan';
import { HOUR_MS } from '../simulate/local-time';
import type { Rng } from '../simulate/random';
import type { SiteProfile } from '../simulate/site-profile';

export interface StaffScan {
  badge: string;
  direction: 'in' | 'out';
  timeMs: number;
  processingMs: number;
}

export const shiftPatterns = {
  2: [
    { startHour: 8, hours: 12, presence: 0.93 },
    { startHour: 20, hours: 12, presence: 0.6 },
  ],
  3: [
    { startHour: 6, hours: 8, presence: 0.93 },
    { startHour: 14, hours: 8, presence: 0.93 },
    { startHour: 22, hours: 8, presence: 0.55 },
  ],
} as const;

export function badgeOf(profile: SiteProfile, team: number, member: number): string {
  return `${profile.code}-${team + 1}${String(member + 1).padStart(2, '0')}`;
}

export function createStaffRoster(
  site: Pick<Site, 'timezone'>,
  profile: SiteProfile,
  rng: Rng,
  startMs: number,
): DailyPlan<StaffScan> {
  const shifts = shiftPatterns[profile.shifts];
  const teams = shifts.length + 1;
  return new DailyPlan<StaffScan>(
    site.timezone,
    startMs,
    (s) => s.timeMs,
    (day, dayStartMs) => {
      const scans: StaffScan[] = [];
      shifts.forEach((shift, s) => {
        // Forward rotation (early → late → night → off) leaves every team at least 8 h between shifts.
        const team = (((s - day) % teams) + teams) % teams;
        const startMs = dayStartMs + shift.startHour * HOUR_MS;
        for (let m = 0; m < profile.teamSize; m++) {
          if (!rng.chance(shift.presence)) continue;
          const badge = badgeOf(profile, team, m);
          const inMs = startMs - Math.round(rng.between(5, 25) * 60_000);
          const outMs = startMs + shift.hours * HOUR_MS + Math.round(rng.between(1, 20) * 60_000);
          scans.push({ badge, direction: 'in', timeMs: inMs, processingMs: badgeCheckMs(rng) });
          scans.push({ badge, direction: 'out', timeMs: outMs, processingMs: badgeCheckMs(rng) });
        }
      });
      return scans;
    },
  );
}

/** Badge tap plus face match: about a second. */
export function badgeCheckMs(rng: Rng): number {
  return Math.round(rng.logNormal(1_200, 0.3));
}

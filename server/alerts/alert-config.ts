// The PORTPULSE_ALERT_* settings (parsed with the rest of the config in server/config.ts) and their defaults.
import { z } from 'zod';
import { type AlertThresholds, defaultThresholds as d } from './alert-rules';

const int = (def: number, min: number) => z.coerce.number().int().min(min).default(def);

export const alertEnvShape = {
  /** Gate SLA alert while the share of vehicle scans within 10 s is below this (0..1). */
  PORTPULSE_ALERT_SLA_SHARE: z.coerce.number().min(0).max(1).default(d.slaShare),
  PORTPULSE_ALERT_SLA_WINDOW_MIN: int(d.slaWindowMinutes, 1).pipe(z.number().max(24 * 60)),
  PORTPULSE_ALERT_SLA_MIN_SCANS: int(d.slaMinScans, 1),
  PORTPULSE_ALERT_DELAY_MIN: int(d.delayMinutes, 1),
  PORTPULSE_ALERT_SILENT_SECONDS: int(d.silentSeconds, 10),
  PORTPULSE_ALERT_FLIGHT_SILENT_SECONDS: int(d.flightSilentSeconds, 60),
  PORTPULSE_ALERT_HOLD_MIN: int(d.holdMinutes, 1),
};

type AlertEnv = { [K in keyof typeof alertEnvShape]: z.output<(typeof alertEnvShape)[K]> };

export function alertThresholdsFrom(e: AlertEnv): AlertThresholds {
  return {
    slaShare: e.PORTPULSE_ALERT_SLA_SHARE,
    slaWindowMinutes: e.PORTPULSE_ALERT_SLA_WINDOW_MIN,
    slaMinScans: e.PORTPULSE_ALERT_SLA_MIN_SCANS,
    delayMinutes: e.PORTPULSE_ALERT_DELAY_MIN,
    silentSeconds: e.PORTPULSE_ALERT_SILENT_SECONDS,
    flightSilentSeconds: e.PORTPULSE_ALERT_FLIGHT_SILENT_SECONDS,
    holdMinutes: e.PORTPULSE_ALERT_HOLD_MIN,
  };
}

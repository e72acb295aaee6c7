// The PORTPULSE_ALERT_* and PORTPULSE_ALERTING_FILE settings (parsed with the rest of the config in server/config.ts) and their defaults.
import { resolve } from 'node:path';
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
  /** Rules file (JSON or YAML): per-site/region thresholds, channels, routes, mute timings. */
  PORTPULSE_ALERTING_FILE: z.string().min(1).optional(),
  /** Days of alert history (alerts, acknowledgements, notifications, silences) kept. */
  PORTPULSE_ALERT_HISTORY_DAYS: int(90, 1),
  /** A notification a channel keeps failing (retryable errors) is given up after this long. */
  PORTPULSE_ALERT_OUTBOX_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  /** Longest wait between two retries of a failing channel (the first is 1 s, doubling, with jitter). */
  PORTPULSE_ALERT_RETRY_MAX_SECONDS: int(300, 1),
};

type AlertEnv = z.output<z.ZodObject<typeof alertEnvShape>>;

export interface AlertingSettings {
  file: string | undefined;
  historyDays: number;
  outboxMaxAgeMs: number;
  retryMinMs: number;
  retryMaxMs: number;
}

export function alertingSettingsFrom(e: AlertEnv): AlertingSettings {
  return {
    file: e.PORTPULSE_ALERTING_FILE ? resolve(e.PORTPULSE_ALERTING_FILE) : undefined,
    historyDays: e.PORTPULSE_ALERT_HISTORY_DAYS,
    outboxMaxAgeMs: e.PORTPULSE_ALERT_OUTBOX_MAX_AGE_HOURS * 3_600_000,
    retryMinMs: Math.min(1000, e.PORTPULSE_ALERT_RETRY_MAX_SECONDS * 1000),
    retryMaxMs: e.PORTPULSE_ALERT_RETRY_MAX_SECONDS * 1000,
  };
}

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

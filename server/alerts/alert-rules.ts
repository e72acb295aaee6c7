// When each kind of alert holds, as pure functions of events and KPI readings (no clocks, no state).
import type { Measurement } from '../../shared/events/event';
import { delayMinutes, type FlightDeparture } from '../../shared/events/flight-departure';
import { legalGrossLimitKg, type Weighbridge } from '../../shared/events/weighbridge';
import type { AlertSeverity } from '../../shared/live/alerts';
import type { AlertInput } from './alert-book';

export interface AlertThresholds {
  /** Gate SLA: alert while the share of vehicle scans within 10 s is below this (0..1)… */
  slaShare: number;
  /** …over this many minutes… */
  slaWindowMinutes: number;
  /** …with at least this many scans in the window (a quiet night gate is not an SLA breach). */
  slaMinScans: number;
  /** A departure off-block this many minutes or more after SOBT. */
  delayMinutes: number;
  /** Gate and weighbridge collectors (and the site as a whole) silent for longer than this. */
  silentSeconds: number;
  /** Departures are sparse: their collector is silent only after this long. */
  flightSilentSeconds: number;
  /** Truck and flight alerts clear by themselves after this long. */
  holdMinutes: number;
}

export const defaultThresholds: AlertThresholds = {
  slaShare: 0.9,
  slaWindowMinutes: 15,
  slaMinScans: 20,
  delayMinutes: 15,
  silentSeconds: 300,
  flightSilentSeconds: 4 * 3600,
  holdMinutes: 30,
};

/** An SLA alert clears only once the share is this far above the threshold, so it does not flap. */
export const SLA_HYSTERESIS = 0.02;
/** Sources older than this are not watched any more: a site that never had flights has no flight collector. */
export const WATCH_SOURCES_FOR_MS = 24 * 3_600_000;

export function overweightInput(e: Weighbridge): AlertInput | undefined {
  const limitKg = legalGrossLimitKg(e.axles);
  if (!e.stable || e.gross_kg <= limitKg) return undefined;
  return {
    kind: 'overweight',
    site: e.site,
    severity: e.gross_kg > limitKg * 1.1 ? 'critical' : 'warning',
    plate: e.plate,
    bridge: e.bridge,
    axles: e.axles,
    grossKg: e.gross_kg,
    limitKg,
  };
}

export function delayInput(e: FlightDeparture, t: AlertThresholds): AlertInput | undefined {
  const delay = delayMinutes(e);
  if (delay < t.delayMinutes) return undefined;
  return {
    kind: 'departure_delay',
    site: e.site,
    severity: delay >= 4 * t.delayMinutes ? 'critical' : 'warning',
    flightNo: e.flight_no,
    destination: e.destination,
    sobt: e.sobt,
    aobt: e.aobt,
    delayMinutes: Math.floor(delay),
  };
}

/** 'raise' / 'clear' / 'keep' (between the thresholds: stay as is). */
export function slaVerdict(
  share: number | null,
  scans: number,
  active: boolean,
  t: AlertThresholds,
): 'raise' | 'clear' | 'keep' {
  if (share === null || scans < t.slaMinScans) return active ? 'clear' : 'keep';
  if (share < t.slaShare) return 'raise';
  return share >= t.slaShare + SLA_HYSTERESIS ? 'clear' : 'keep';
}

export function slaSeverity(share: number, t: AlertThresholds): AlertSeverity {
  return share < t.slaShare - 0.15 ? 'critical' : 'warning';
}

/** Silence limit (ms) of a source. */
export function silenceLimitMs(source: Measurement | 'site', t: AlertThresholds): number {
  return (source === 'flight_departure' ? t.flightSilentSeconds : t.silentSeconds) * 1000;
}

/** True when a source that did send within the watch period has been quiet for longer than its limit. */
export function isSilent(lastEventAt: number | null, limitMs: number, now: number): lastEventAt is number {
  if (lastEventAt === null) return false;
  const quiet = now - lastEventAt;
  return quiet > limitMs && quiet <= WATCH_SOURCES_FOR_MS;
}

// Is what the screen shows still live? The page banner (connection and the site's newest event) and the
// per-panel state of each stream (gate, weighbridge, flights), as pure functions of times in ms.
import type { Measurement } from '../../shared/events/event';
import type { ConnectionState } from '../live/connection';

export const DEFAULT_STALE_AFTER_MS = 30_000;
/** Departures are sparse (a few an hour at a busy terminal): their panel goes stale only after this. */
export const FLIGHTS_STALE_AFTER_MS = 4 * 3_600_000;
/** A reconnect that succeeds within this does not flash a banner. */
export const CONNECTING_GRACE_MS = 3000;

export type BannerState =
  | { kind: 'ok' }
  | { kind: 'connecting' }
  | { kind: 'disconnected'; retryInMs: number | undefined }
  | { kind: 'never' }
  | { kind: 'stale'; ageMs: number; newestAt: number };

export interface BannerInput {
  connection: ConnectionState;
  /** How long the connection has not been open (0 while open). */
  notOpenForMs: number;
  retryInMs: number | undefined;
  /** Whether the server told us about this site's data yet (a status or a snapshot arrived). */
  heardFromServer: boolean;
  /** Server-clock epoch ms of the site's newest event; undefined: none. */
  newestAt: number | undefined;
  serverNow: number;
  staleAfterMs: number;
}

export function bannerState(i: BannerInput): BannerState {
  if (i.connection === 'closed') return { kind: 'disconnected', retryInMs: i.retryInMs };
  if (i.connection === 'connecting')
    return i.notOpenForMs >= CONNECTING_GRACE_MS ? { kind: 'connecting' } : { kind: 'ok' };
  if (!i.heardFromServer) return { kind: 'ok' };
  if (i.newestAt === undefined) return { kind: 'never' };
  const ageMs = Math.max(0, i.serverNow - i.newestAt);
  return ageMs > i.staleAfterMs ? { kind: 'stale', ageMs, newestAt: i.newestAt } : { kind: 'ok' };
}

export type PanelStream = 'gate' | 'weighbridge' | 'flights';
export const streamMeasurement: Record<PanelStream, Measurement> = {
  gate: 'gate_scan',
  weighbridge: 'weighbridge',
  flights: 'flight_departure',
};

export type StreamState = { kind: 'live' } | { kind: 'no-data' } | { kind: 'stale'; ageMs: number };

/** One stream's state: stale when its newest event is older than its limit; no data when it has none. */
export function streamState(
  stream: PanelStream,
  newestAt: number | undefined,
  serverNow: number,
  staleAfterMs: number,
): StreamState {
  if (newestAt === undefined) return { kind: 'no-data' };
  const limit = stream === 'flights' ? Math.max(staleAfterMs, FLIGHTS_STALE_AFTER_MS) : staleAfterMs;
  const ageMs = Math.max(0, serverNow - newestAt);
  return ageMs > limit ? { kind: 'stale', ageMs } : { kind: 'live' };
}

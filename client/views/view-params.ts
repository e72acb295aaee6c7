// What the URL asks for: ?mode=wall (kiosk), &rotate=<s> (wall: rotate sites and indices), &staleAfter=<s>
// (stale banner threshold), &range=15m|1h|6h|24h. Bad values fall back to defaults instead of breaking a TV.
import { type HistoryRange, historyRanges } from '../../shared/live/kpi-history';
import { DEFAULT_STALE_AFTER_MS } from './staleness';

export interface ViewParams {
  mode: 'operator' | 'wall';
  /** Wall: seconds per page when rotating; undefined: no rotation. */
  rotateSeconds: number | undefined;
  staleAfterMs: number;
  range: HistoryRange;
}

const positive = (v: string | null, min: number, max: number): number | undefined => {
  const n = v === null ? Number.NaN : Number(v);
  return Number.isFinite(n) && n >= min ? Math.min(n, max) : undefined;
};

export function readViewParams(search: string): ViewParams {
  const q = new URLSearchParams(search);
  const range = q.get('range');
  const stale = positive(q.get('staleAfter'), 1, 86_400);
  return {
    mode: q.get('mode') === 'wall' ? 'wall' : 'operator',
    rotateSeconds: positive(q.get('rotate'), 3, 3600),
    staleAfterMs: stale === undefined ? DEFAULT_STALE_AFTER_MS : stale * 1000,
    range: range !== null && range in historyRanges ? (range as HistoryRange) : '1h',
  };
}

/** Sets (or replaces) one query parameter without reloading or adding a history entry. */
export function writeUrlParam(name: string, value: string): void {
  const url = new URL(location.href);
  if (url.searchParams.get(name) === value) return;
  url.searchParams.set(name, value);
  history.replaceState(history.state, '', url);
}

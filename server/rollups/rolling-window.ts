// Rolling indices of a scope from the per-minute rollups: the last whole minutes before the current one, against
// the same minutes 7 days earlier. The minute in progress is left out: its base minute a week earlier is
// complete, so counting it would bias every window total low by up to a minute's worth.
import type { IndexName } from '../../shared/indices/metrics';
import {
  ROLLING_BASE_OFFSET_MS,
  type RollingIndexResult,
  type RollingWindow,
  rollingIndices,
  rollingWindows,
} from '../../shared/indices/rolling';
import type { Weights } from '../../shared/indices/weights';
import type { RollupStore } from './rollup-store';

const MINUTE_MS = 60_000;

export interface RollingAnswer {
  current: { from: string; to: string };
  base: { from: string; to: string };
  indices: Record<IndexName, RollingIndexResult>;
}

export function rollingFor(
  store: RollupStore,
  siteIds: readonly string[],
  window: RollingWindow,
  weights: Weights,
  nowMs: number,
): RollingAnswer {
  const to = Math.floor(nowMs / MINUTE_MS);
  const from = to - rollingWindows[window] / MINUTE_MS;
  const back = ROLLING_BASE_OFFSET_MS / MINUTE_MS;
  const iso = (minute: number) => new Date(minute * MINUTE_MS).toISOString();
  return {
    current: { from: iso(from), to: iso(to) },
    base: { from: iso(from - back), to: iso(to - back) },
    indices: rollingIndices(
      store.windowSums(siteIds, from, to),
      store.windowSums(siteIds, from - back, to - back),
      weights,
    ),
  };
}

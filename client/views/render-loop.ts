// The draw loop both live views share: feed changes are collected and drawn at most once per animation frame;
// new KPI rows also let the chart series decide whether it needs history.
import { frameCoalescer } from '../charts/frame-coalescer';
import type { KpiSeries } from '../live/kpi-series';
import type { FeedChange, SiteFeed } from '../live/site-feed';

export interface RenderLoop {
  markDirty(change: FeedChange): void;
  stop(): void;
}

export function renderLoop(
  feed: SiteFeed,
  series: () => KpiSeries,
  draw: (dirty: ReadonlySet<FeedChange>) => void,
): RenderLoop {
  const dirty = new Set<FeedChange>(['site']);
  const frame = frameCoalescer(() => {
    draw(dirty);
    dirty.clear();
  });
  const markDirty = (change: FeedChange) => {
    dirty.add(change);
    frame.request();
  };
  const off = feed.onChange((change) => {
    if (change === 'kpi') series().check();
    markDirty(change);
  });
  return {
    markDirty,
    stop() {
      off();
      frame.cancel();
    },
  };
}

// Browser-test helpers for the live views: the page's debug handle (window.portpulse), waiting for the live
// connection, and reading what a chart was given, so tests compare what is drawn with the server's API.

import type { Page } from 'playwright-core';
import type { LiveConnection } from '../live/connection';

type AlignedColumns = [number[], ...(number | null)[][]];

export function waitForState(page: Page, state: 'open' | 'closed' | 'connecting'): Promise<void> {
  return page
    .waitForFunction(
      (s) =>
        (window as unknown as { portpulse?: { connection: { state: string } } }).portpulse?.connection
          .state === s,
      state,
      { timeout: 30_000 },
    )
    .then(() => undefined);
}

/** The data the named chart was last given ([t, ...series]). */
export function chartData(page: Page, name: string): Promise<AlignedColumns | undefined> {
  return page.evaluate(
    (n) =>
      (
        window as unknown as {
          portpulse: { view(): { debug(): { charts: Record<string, AlignedColumns> } } };
        }
      ).portpulse
        .view()
        .debug().charts[n],
    name,
  );
}

/** x (epoch s) of the rows the named chart drew as points at its last draw, per series. */
export function chartPoints(page: Page, name: string): Promise<number[][] | undefined> {
  return page.evaluate(
    (n) =>
      (
        window as unknown as {
          portpulse: { view(): { debug(): { points?: Record<string, number[][]> } } };
        }
      ).portpulse
        .view()
        .debug().points?.[n],
    name,
  );
}

/** Canvas pixels of the named chart drawn in a colour (#rrggbb, opaque), e.g. a series' line and points. */
export function chartPixels(page: Page, name: string, color: string): Promise<number> {
  return page.evaluate(
    ([n, hex]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="chart-${n}"] canvas`);
      if (!canvas) return 0;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const want = [1, 3, 5].map((i) => Number.parseInt(hex!.slice(i, i + 2), 16));
      let count = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3] === 255 && want.every((w, k) => Math.abs(data[i + k]! - w) <= 8)) count++;
      return count;
    },
    [name, color],
  );
}

type ConnectionStats = LiveConnection['stats'];

export function connectionStats(page: Page): Promise<ConnectionStats> {
  return page.evaluate(
    () =>
      (window as unknown as { portpulse: { connection: { stats: ConnectionStats } } }).portpulse.connection
        .stats,
  );
}

/** Whether t is strictly ascending (so without duplicates), and its largest step in seconds. */
export function timeline(t: readonly number[]): { ascending: boolean; maxGap: number } {
  let ascending = true;
  let maxGap = 0;
  for (let i = 1; i < t.length; i++) {
    const d = t[i]! - t[i - 1]!;
    if (d <= 0) ascending = false;
    maxGap = Math.max(maxGap, d);
  }
  return { ascending, maxGap: t.length < 2 ? 0 : maxGap };
}

// When the charts load history: only when live rows cannot cover the range, again after a resync, never in
// a storm; and what they get is the join of both.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kpiColumns } from '../../shared/live/kpi-columns';
import type { KpiHistoryResponse } from '../../shared/live/kpi-history';
import { KpiSeries } from './kpi-series';
import { KpiStreamBuffer } from './stream-buffer';

const rows = (from: number, to: number, step: number) => {
  const t: number[] = [];
  for (let x = from; x <= to; x += step) t.push(x);
  return { t, values: kpiColumns.map(() => t.map(() => 1)) };
};

function setup(range: '1h' | '6h') {
  const source = {
    site: 's1' as string | undefined,
    kpis: new KpiStreamBuffer({ columns: kpiColumns.length, maxRows: 3660, maxAgeSeconds: 3600 }),
    kpiResyncs: 0,
  };
  const fetches: string[] = [];
  const fetchHistory = vi.fn(async (site: string, r: string): Promise<KpiHistoryResponse> => {
    fetches.push(`${site}/${r}`);
    const frame = rows(100_000 - 6 * 3600 + 59, 100_000 - 1, 60);
    return {
      site,
      range: r as '6h',
      resolution: 60,
      from: frame.t[0]!,
      to: frame.t.at(-1)!,
      kpiColumns: [...kpiColumns],
      frame,
    };
  });
  const series = new KpiSeries(source, () => {}, range, fetchHistory);
  return { source, series, fetches };
}

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

describe('KpiSeries', () => {
  it('waits for the live snapshot and loads nothing when it covers the range', async () => {
    const { source, series, fetches } = setup('1h');
    series.reset();
    source.kpis.applySnapshot(rows(100_000 - 3599, 100_000, 1));
    series.check();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetches).toEqual([]);
  });

  it('loads a long range once, joins it seamlessly, and reloads after a resync', async () => {
    const { source, series, fetches } = setup('6h');
    series.reset();
    source.kpis.applySnapshot(rows(100_000 - 3599, 100_000, 1));
    series.check();
    await vi.advanceTimersByTimeAsync(0);
    series.check();
    expect(fetches).toEqual(['s1/6h']);
    const [t] = series.aligned([0]);
    expect(t.at(-1)! - t[0]!).toBeGreaterThan(5.9 * 3600);
    expect(new Set(t).size).toBe(t.length);
    source.kpiResyncs++;
    series.check();
    expect(fetches).toHaveLength(1); // at most every 10 s
    await vi.advanceTimersByTimeAsync(10_000);
    series.check();
    expect(fetches).toHaveLength(2);
  });
});

// What the charts draw for the chosen time range: history from the server joined to the site's live rows
// (see history-join.ts). Loads history when the live rows do not cover the range, again when a gap opens
// (after a long outage, or an hour on), and never more than once per MIN_REFETCH_MS.

import { kpiColumns } from '../../shared/live/kpi-columns';
import { type HistoryRange, historyRanges, type KpiHistoryResponse } from '../../shared/live/kpi-history';
import { fetchKpiHistory } from '../api/kpi-history';
import { log } from '../log';
import { historyNeeded, joinHistory } from './history-join';
import { toSharedOrder } from './site-feed';
import type { AlignedColumns, KpiStreamBuffer } from './stream-buffer';

const MIN_REFETCH_MS = 10_000;
/** After a site or range change, wait this long for the live snapshot: it may cover the range on its own. */
const SNAPSHOT_WAIT_MS = 3000;
const ALL_COLUMNS = kpiColumns.map((_, i) => i);

export interface KpiSeriesSource {
  site: string | undefined;
  kpis: KpiStreamBuffer;
  /** Bumped when a snapshot replaced live rows: the past may have changed (late data), so reload history. */
  kpiResyncs: number;
}

export class KpiSeries {
  private history: (KpiHistoryResponse & { revision: number }) | undefined;
  private loading: AbortController | undefined;
  private lastFetchAt = 0;
  private historyResyncs = 0;
  private resetAt = 0;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private revision = 0;
  private joined: { key: string; buffer: KpiStreamBuffer; data: AlignedColumns } | undefined;
  readonly stats = { fetches: 0, failures: 0 };

  constructor(
    private readonly source: KpiSeriesSource,
    private readonly onLoaded: () => void,
    public range: HistoryRange = '1h',
    private readonly fetchHistory = fetchKpiHistory,
  ) {}

  get resolution(): number {
    return historyRanges[this.range].resolution;
  }

  /** Stops a pending check (the view is going away). */
  dispose(): void {
    clearTimeout(this.waitTimer);
    this.loading?.abort();
  }

  /** A new site or range: forget the history and load what the new one needs. */
  reset(range = this.range): void {
    this.range = range;
    this.history = undefined;
    this.loading?.abort();
    this.loading = undefined;
    this.revision++;
    this.lastFetchAt = 0;
    this.resetAt = Date.now();
    clearTimeout(this.waitTimer);
    this.waitTimer = setTimeout(() => this.check(), SNAPSHOT_WAIT_MS);
    this.check();
  }

  /** Called when live rows arrive: loads history if the chart would otherwise have a hole. */
  check(): void {
    const site = this.source.site;
    if (site === undefined || this.loading) return;
    const { seconds, resolution } = historyRanges[this.range];
    const buf = this.source.kpis;
    if (buf.length === 0 && Date.now() - this.resetAt < SNAPSHOT_WAIT_MS) return;
    const newest = buf.lastT ?? Math.floor(Date.now() / 1000);
    if (buf.firstT !== undefined && buf.firstT <= newest - seconds + 1) return; // live rows cover the range
    const resynced = this.history !== undefined && this.source.kpiResyncs !== this.historyResyncs;
    if (!resynced && !historyNeeded(this.history?.frame.t, buf.firstT, newest, seconds, resolution)) return;
    if (Date.now() - this.lastFetchAt < MIN_REFETCH_MS) return;
    this.lastFetchAt = Date.now();
    const controller = new AbortController();
    this.loading = controller;
    const range = this.range;
    this.historyResyncs = this.source.kpiResyncs;
    this.stats.fetches++;
    this.fetchHistory(site, range, controller.signal)
      .then((h) => {
        if (controller.signal.aborted || site !== this.source.site || range !== this.range) return;
        const frame = toSharedOrder(h.frame, h.kpiColumns);
        this.history = { ...h, frame, revision: ++this.revision };
        this.onLoaded();
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        this.stats.failures++;
        log('warn', 'history unavailable', { error: String(e) });
      })
      .finally(() => {
        if (this.loading === controller) this.loading = undefined;
      });
  }

  /** [t, ...the given KPI columns] over the range: history, then live rows (rebuilt only on change). */
  aligned(columns: readonly number[]): AlignedColumns {
    const buf = this.source.kpis;
    const key = `${this.range}|${this.revision}|${buf.revision}`;
    if (this.joined?.key !== key || this.joined.buffer !== buf) {
      const { seconds, resolution } = historyRanges[this.range];
      const data = joinHistory({
        history: this.history?.frame,
        live: buf.aligned(ALL_COLUMNS),
        rangeSeconds: seconds,
        resolution,
      });
      this.joined = { key, buffer: buf, data };
    }
    const [t, ...cols] = this.joined.data;
    return [t, ...columns.map((c) => cols[c] ?? t.map(() => null))];
  }
}

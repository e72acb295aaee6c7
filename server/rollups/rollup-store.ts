// Index rollups kept up to date on ingest (an event consumer) and saved with the log seq they include, so a
// restart loads the file and replays only the log after that seq. Scopes add the raw sums of their sites.
import { join } from 'node:path';
import type { PortEvent } from '../../shared/events/event';
import { eventFromPoint } from '../../shared/events/point-conversion';
import type { MonthKey } from '../../shared/indices/calendar';
import { addSums, emptySums, type RawSums } from '../../shared/indices/raw-sums';
import { DEFAULT_TIME_ZONE, type SiteInfo } from '../../shared/sites/registry';
import { appendedToLog, type EventConsumer, type EventOrigin } from '../ingest/event-fanout';
import type { AcceptedEvent } from '../ingest/ingest';
import type { Logger } from '../logger';
import { PeriodicSave } from '../store/periodic-save';
import type { EventStore } from '../store/store';
import { SiteRollup } from './site-rollup';
import { type BackfillMark, encodeSnapshot, loadSnapshot, saveSnapshot } from './snapshot-file';

export interface RollupStoreOptions {
  /** `<dataDir>/rollups` */
  dir: string;
  sites: readonly SiteInfo[];
  log: EventStore;
  logger: Logger;
  /** How often the rollups are saved when they changed (they are also saved on close). */
  saveIntervalMs?: number;
}

export class RollupStore implements EventConsumer {
  private sites = new Map<string, SiteRollup>();
  private readonly timeZones: Map<string, string>;
  private readonly path: string;
  /** The last log seq included in the rollups. */
  appliedSeq = 0;
  /** Events replayed from the log at start-up (what the saved file did not already include). */
  replayedAtOpen = 0;
  /** The InfluxDB the rollups were last rebuilt from (see rebuild()). */
  backfill: BackfillMark | undefined;
  private savedSeq = 0;
  /** The buckets the last save wrote: rebuild() swaps in new ones, which are then unsaved whatever the seq. */
  private savedSites = this.sites;
  /** Events at or below this seq are already in the buckets through a log replay (see rebuild()). */
  private floorSeq = 0;
  /** While a rebuild replays the log tail: events above `above` arriving meanwhile, applied after it. */
  private capture: { above: number; events: AcceptedEvent[] } | undefined;
  private readonly saver: PeriodicSave;

  private constructor(private readonly opts: RollupStoreOptions) {
    this.timeZones = new Map(opts.sites.map((s) => [s.id, s.timezone]));
    this.path = join(opts.dir, 'rollups.json');
    this.saver = new PeriodicSave({ write: () => this.write(), logger: opts.logger, what: 'rollups' });
  }

  static async open(opts: RollupStoreOptions): Promise<RollupStore> {
    const store = new RollupStore(opts);
    await store.load();
    store.saver.start(opts.saveIntervalMs ?? 30_000);
    return store;
  }

  timeZoneOf(site: string): string {
    return this.timeZones.get(site) ?? DEFAULT_TIME_ZONE;
  }

  private async load(): Promise<void> {
    const t0 = performance.now();
    const { log, logger } = this.opts;
    const saved = await loadSnapshot(this.path, (id) => this.timeZoneOf(id));
    let from = 1;
    if ('unusable' in saved) {
      logger('info', 'rollups: rebuilding from the whole log', { why: saved.unusable });
    } else if (saved.seq > log.lastSeq()) {
      logger('warn', 'rollups: the file is ahead of the log (log replaced?); rebuilding', { seq: saved.seq });
    } else {
      this.sites = this.savedSites = saved.sites;
      this.backfill = saved.backfill;
      this.appliedSeq = this.savedSeq = saved.seq;
      from = saved.seq + 1;
    }
    for await (const { seq, point } of log.readFrom(from)) {
      const r = eventFromPoint(point, 0);
      if (r.ok) this.site(r.event.site).add(r.event);
      this.appliedSeq = seq;
      this.replayedAtOpen++;
    }
    logger('info', 'rollups loaded', {
      fromSeq: from,
      replayed: this.replayedAtOpen,
      ms: Math.round(performance.now() - t0),
    });
    await this.save(); // a long replay is not worth repeating after a crash
  }

  /** Live events only: the log's own replay is read at open, and InfluxDB history goes through rebuild(). */
  onEvents(events: AcceptedEvent[], origin: EventOrigin): void {
    if (!appendedToLog(origin)) return;
    for (const e of events) {
      if (e.seq <= this.floorSeq) continue;
      if (this.capture && e.seq > this.capture.above) this.capture.events.push(e);
      this.site(e.event.site).add(e.event);
      if (e.seq > this.appliedSeq) this.appliedSeq = e.seq;
    }
  }

  private site(id: string, sites = this.sites): SiteRollup {
    let s = sites.get(id);
    if (!s) {
      s = new SiteRollup(this.timeZoneOf(id));
      sites.set(id, s);
    }
    return s;
  }

  /**
   * Replaces the rollups by ones rebuilt from another source of history (InfluxDB): `fill` adds every event that
   * source holds, which must be all the log's events up to `mark.throughSeq` (what was shipped to it) plus
   * anything others wrote there; the log after that seq is then replayed on top. Ingest carries on meanwhile
   * and is served from the current rollups until the swap; events arriving during the final log replay are
   * applied once, by seq. The caller must not ship the log past `throughSeq` until this resolves.
   */
  async rebuild(
    mark: BackfillMark,
    fill: (add: (e: PortEvent) => void) => Promise<void>,
  ): Promise<{ replayedFromLog: number }> {
    const fresh = new Map<string, SiteRollup>();
    const add = (e: PortEvent) => this.site(e.site, fresh).add(e);
    await fill(add);
    const upTo = this.opts.log.lastSeq();
    const capture = { above: upTo, events: [] as AcceptedEvent[] };
    this.capture = capture;
    let replayedFromLog = 0;
    try {
      for await (const { seq, point } of this.opts.log.readFrom(mark.throughSeq + 1)) {
        if (seq > upTo) break;
        const r = eventFromPoint(point, 0);
        if (r.ok) add(r.event);
        replayedFromLog++;
      }
    } finally {
      this.capture = undefined;
    }
    for (const e of capture.events) add(e.event);
    this.sites = fresh;
    this.floorSeq = upTo;
    this.backfill = mark;
    await this.save();
    return { replayedFromLog };
  }

  /** Σ of a month over the given sites (each in its own time zone). */
  monthSums(siteIds: readonly string[], month: MonthKey): RawSums {
    const total = emptySums();
    for (const id of siteIds) {
      const s = this.sites.get(id);
      if (s) addSums(total, s.monthSums(month));
    }
    return total;
  }

  /** Σ over UTC minutes [fromMinute, toMinute) of the given sites; badges are distinct per site. */
  windowSums(siteIds: readonly string[], fromMinute: number, toMinute: number): RawSums {
    const total = emptySums();
    for (const id of siteIds) {
      const s = this.sites.get(id);
      if (s) addSums(total, s.windowSums(fromMinute, toMinute));
    }
    return total;
  }

  /** Writes the rollups if they changed since the last save; one write at a time (see PeriodicSave). */
  save(): Promise<void> {
    return this.saver.save();
  }

  private async write(): Promise<void> {
    if (this.appliedSeq === this.savedSeq && this.sites === this.savedSites) return;
    const seq = this.appliedSeq;
    const sites = this.sites;
    const backfill = this.backfill;
    await saveSnapshot(this.path, { seq, sites, ...(backfill ? { backfill } : {}) });
    this.savedSeq = seq;
    this.savedSites = sites;
  }

  /** The rollups as they are now, in the file's format (a cluster's state snapshot; server/cluster). */
  exportSnapshot(): string {
    const backfill = this.backfill;
    return encodeSnapshot({ seq: this.appliedSeq, sites: this.sites, ...(backfill ? { backfill } : {}) });
  }

  /** The last log seq the saved checkpoint includes (log retention may drop up to it). */
  get checkpointSeq(): number {
    return this.savedSeq;
  }

  close(): Promise<void> {
    return this.saver.close();
  }
}

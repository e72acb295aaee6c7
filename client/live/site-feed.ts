// One site's live data: keeps its three channels subscribed, routes snapshots and appends into the KPI buffer,
// the event list and the alert list, and knows how fresh the data is. DOM-free, so the views stay thin.
import type { Measurement } from '../../shared/events/event';
import { alertsChannel, type Channel, eventsChannel, kpiChannel } from '../../shared/live/channels';
import { kpiColumns } from '../../shared/live/kpi-columns';
import type { ClusterLiveStatus, HelloMessage, KpiFrame, ServerMessage } from '../../shared/live/messages';
import { AlertList } from './alert-list';
import type { LiveConnection } from './connection';
import { RecentEvents } from './event-list';
import { KpiStreamBuffer } from './stream-buffer';

export type FeedChange = 'site' | 'hello' | 'kpi' | 'events' | 'alerts' | 'status';

const DEFAULT_HISTORY_SECONDS = 3600;
/** A resync asked for that has not come (refused over the server's snapshot budget) is asked again after this. */
const RESYNC_RETRY_MS = 10_000;

export class SiteFeed {
  site: string | undefined;
  kpis = newBuffer(DEFAULT_HISTORY_SECONDS);
  readonly events: RecentEvents;
  readonly alerts = new AlertList();
  /** Our clock (ms) when the last KPI row arrived: a KPI stream that stops shows here. */
  kpiReceivedAt: number | undefined;
  /** Snapshots that replaced rows we had (a reconnect, the server redrawing late data, a resync we asked for). */
  kpiResyncs = 0;
  /** Our clock (ms) when we asked for a KPI resync that has not arrived yet. */
  private resyncAskedAt: number | undefined;
  hello: HelloMessage | undefined;
  /** Cluster mode: the node this page is on and the cluster's health (from status messages). */
  cluster: ClusterLiveStatus | undefined;
  /** Events accepted but not yet in InfluxDB (status messages; undefined on the embedded store). */
  shippingLagEvents: number | undefined;
  /** Server clock minus ours (ms), so ages are right even when the two disagree. */
  clockOffsetMs = 0;
  private statusNewestAt: number | undefined;
  private channels: Channel[] = [];
  private readonly listeners = new Set<(change: FeedChange) => void>();

  constructor(
    private readonly connection: Pick<LiveConnection, 'onMessage' | 'setSubscriptions' | 'resync'>,
    opts: { eventsPerKind?: number } = {},
  ) {
    this.events = new RecentEvents(opts.eventsPerKind ?? 50);
    this.unsubscribe = connection.onMessage((m) => this.handle(m));
  }

  private readonly unsubscribe: () => void;

  /** Stops listening (the connection stays up for whoever else uses it). */
  destroy(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  onChange(listener: (change: FeedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Switches to another site: forgets the old one's data and subscribes the new one's channels. */
  setSite(site: string): void {
    if (site === this.site) return;
    this.site = site;
    this.channels = [kpiChannel(site), eventsChannel(site), alertsChannel(site)];
    this.kpis.clear();
    this.events.clear();
    this.alerts.clear();
    this.kpiReceivedAt = undefined;
    this.statusNewestAt = undefined;
    this.resyncAskedAt = undefined;
    this.connection.setSubscriptions(this.channels);
    this.emit('site');
  }

  /** Epoch ms (server clock) of the newest event of this site, from status messages and received events. */
  newestEventAt(): number | undefined {
    const a = this.statusNewestAt;
    const b = this.events.newestTime();
    if (a === undefined) return b;
    return b === undefined ? a : Math.max(a, b);
  }

  /** Epoch ms (server clock) of the newest event of one kind, from the events channel. */
  newestOf(measurement: Measurement): number | undefined {
    return this.events.list(measurement)[0]?.time;
  }

  /** Server-clock now. */
  serverNow(now = Date.now()): number {
    return now + this.clockOffsetMs;
  }

  /** How old the newest event is now (ms), undefined when the site has none yet. */
  dataAgeMs(now = Date.now()): number | undefined {
    const newest = this.newestEventAt();
    return newest === undefined ? undefined : Math.max(0, now + this.clockOffsetMs - newest);
  }

  private handle(m: ServerMessage): void {
    if (m.type === 'hello') this.onHello(m);
    else if (m.type === 'status') {
      this.clockOffsetMs = m.serverTime - Date.now();
      this.observeServerTime(m.serverTime);
      if (this.site !== undefined) this.statusNewestAt = m.lastEventAt[this.site] ?? undefined;
      this.cluster = m.cluster;
      this.shippingLagEvents = m.storage === 'influxdb' ? m.influxLagEvents : undefined;
      this.emit('status');
    } else if (m.type === 'error' || !this.channels.includes(m.channel)) {
      // errors are logged by the connection; other channels are in flight from a site we just left
    } else if (m.kind === 'kpi') {
      const frame = toSharedOrder(m.frame, this.hello?.kpiColumns);
      if (m.type === 'snapshot' && this.kpis.length > 0) this.kpiResyncs++;
      if (m.type === 'snapshot') {
        this.kpis.applySnapshot(frame);
        this.resyncAskedAt = undefined;
      } else {
        if (this.startsAfterGap(frame)) this.askResync(m.channel);
        this.kpis.applyAppend(frame);
      }
      this.kpiReceivedAt = Date.now();
      this.emit('kpi');
    } else if (m.kind === 'alerts') {
      if (m.type === 'snapshot') this.alerts.replace(m.active, m.recent);
      else this.alerts.upsert(m.alerts);
      this.emit('alerts');
    } else {
      if (m.type === 'snapshot') this.events.replace(m.events);
      else this.events.add(m.events);
      this.emit('events');
    }
  }

  /** Rows come one per second: an append that does not follow on from our last row means we missed some. */
  private startsAfterGap(frame: KpiFrame): boolean {
    const last = this.kpis.lastT;
    const first = frame.t[0];
    return last !== undefined && first !== undefined && first > last + 1;
  }

  /** Asks the server for the channel's snapshot again (once per RESYNC_RETRY_MS while it has not come). */
  private askResync(channel: Channel): void {
    const now = Date.now();
    if (this.resyncAskedAt !== undefined && now - this.resyncAskedAt < RESYNC_RETRY_MS) return;
    this.resyncAskedAt = now;
    this.connection.resync([channel]);
  }

  private onHello(m: HelloMessage): void {
    this.hello = m;
    this.clockOffsetMs = m.serverTime - Date.now();
    this.observeServerTime(m.serverTime);
    const seconds = m.limits.snapshotSeconds;
    if (seconds > 0 && seconds !== this.kpis.maxAgeSeconds) this.kpis = newBuffer(seconds);
    this.emit('hello');
  }

  /** The lists drop what is older than their age limit before the server's now (the KPI buffer by its rows). */
  private observeServerTime(serverTime: number): void {
    if (this.events.observeTime(serverTime)) this.emit('events');
    if (this.alerts.observeTime(serverTime)) this.emit('alerts');
  }

  private emit(change: FeedChange): void {
    for (const l of this.listeners) l(change);
  }
}

function newBuffer(seconds: number): KpiStreamBuffer {
  return new KpiStreamBuffer({ columns: kpiColumns.length, maxRows: seconds + 60, maxAgeSeconds: seconds });
}

/** Reorders a frame announced in another column order (hello.kpiColumns) into the shared `kpiColumns` order. */
export function toSharedOrder(frame: KpiFrame, announced: readonly string[] | undefined): KpiFrame {
  if (!announced || announced.every((c, i) => c === kpiColumns[i])) return frame;
  const values = kpiColumns.map((c) => {
    const i = announced.indexOf(c);
    return i >= 0 && frame.values[i] ? frame.values[i] : frame.t.map(() => null);
  });
  return { t: frame.t, values };
}

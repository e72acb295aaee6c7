// Computes the alerts of every site: truck and flight alerts from events as they are ingested, gate SLA and
// silent collectors on the hub's tick (at most once a second). The hub broadcasts what changed on
// `alerts/<site>` and answers subscriptions with a snapshot. Silence is judged by when data last *arrived*,
// so a collector catching up on a backlog of old events is not silent. In cluster mode (`streamClock`) every
// time is a stream time: events arrive at their message's stream timestamp, and the time-based checks (gate
// SLA, silent collectors, the end of an overweight or delay alert's hold) run at the notifier's clock ticks
// in the stream (evaluateAt), not on this node's clock, so every node raises and clears them alike.
import type { Ack } from '../../shared/alerting/ack';
import type { AlertTransition } from '../../shared/alerting/history';
import { type Measurement, measurements } from '../../shared/events/event';
import { DepartureVersions, type DepartureVersionsState } from '../../shared/indices/departure-versions';
import type { Alert, AlertSet } from '../../shared/live/alerts';
import { canonicalPlate, NO_PLATE } from '../../shared/plates';
import type { EventConsumer, EventOrigin } from '../ingest/event-fanout';
import type { AcceptedEvent } from '../ingest/ingest';
import type { RollingKpis } from '../kpis/rolling-kpis';
import { AlertBook, type AlertBookState } from './alert-book';
import {
  type AlertThresholds,
  delayInput,
  isSilent,
  overweightInput,
  silenceLimitMs,
  slaSeverity,
  slaVerdict,
} from './alert-rules';

/** What the live hub needs from an alert source. */
export interface AlertFeed {
  evaluate(now: number): void;
  snapshot(site: string): AlertSet;
  drainChanges(): Map<string, Alert[]>;
  /** An active alert by id, or a recently cleared one. */
  find(id: string): Alert | undefined;
  /** Puts an acknowledgement on an active alert (broadcast with the next drain). */
  setAck(id: string, ack: Ack): Alert | undefined;
}

export interface AlertEngineOptions {
  sites: readonly string[];
  kpis: RollingKpis;
  thresholds: AlertThresholds;
  /** Per-site thresholds (the rules file's overrides); `thresholds` for every site when absent. */
  thresholdsFor?: (site: string) => AlertThresholds;
  onTransition?: (alert: Alert, transition: AlertTransition) => void;
  ackOf?: (id: string) => Ack | undefined;
  now?: () => number;
  /** Cluster mode: the hub's ticks do not evaluate; the stream's ticks do (evaluateAt). */
  streamClock?: boolean;
}

const EVALUATE_EVERY_MS = 1000;
/** How long the versions of a departure are remembered after its SOBT (a late original is not alerted). */
const DEPARTURE_MEMORY_MS = 2 * 86_400_000;

export class AlertEngine implements EventConsumer, AlertFeed {
  private readonly book: AlertBook;
  private readonly sites: Set<string>;
  private lastEvaluated = 0;
  /** When each site's sources last delivered anything (server clock). */
  private readonly heard = new Map<string, Partial<Record<Measurement | 'site', number>>>();
  /** Per site: which departure versions count (one arriving after its revision raises nothing). */
  private readonly departures = new Map<string, DepartureVersions>();
  /** Per site, the keys of its silent-collector alerts (made once: every live event clears two of them). */
  private readonly silentKeys = new Map<string, Record<Measurement | 'site', string>>();

  constructor(private readonly opts: AlertEngineOptions) {
    this.sites = new Set(opts.sites);
    for (const site of this.sites)
      this.silentKeys.set(
        site,
        Object.fromEntries(
          [...measurements, 'site' as const].map((source) => [source, silentKey(site, source)]),
        ) as Record<Measurement | 'site', string>,
      );
    this.book = new AlertBook({
      recentPerSite: 50,
      minUpdateMs: 30_000,
      ...(opts.onTransition ? { onTransition: opts.onTransition } : {}),
      ...(opts.ackOf ? { ackOf: opts.ackOf } : {}),
    });
  }

  private t(site: string): AlertThresholds {
    return this.opts.thresholdsFor?.(site) ?? this.opts.thresholds;
  }

  /**
   * Events replayed from the log at start-up: when they arrived is not known, so their own time stands in for
   * it. Otherwise every collector would count as heard at the restart, and one that died before it would be
   * flagged only a silence limit later, "silent since" the restart. Live events and InfluxDB history count as
   * heard now.
   */
  onEvents(events: AcceptedEvent[], origin: EventOrigin): void {
    this.take(events, origin === 'replay');
  }

  private take(events: AcceptedEvent[], replayed: boolean): void {
    const clock = (this.opts.now ?? Date.now)();
    for (const { event: e, arrivedMs } of events) {
      if (!this.sites.has(e.site)) continue;
      const now = arrivedMs ?? clock; // cluster mode: the stream's timestamp, the same on every node
      const t = this.t(e.site);
      const holdMs = t.holdMinutes * 60_000;
      const heard = this.heard.get(e.site) ?? {};
      const at = replayed ? Math.min(e.time, now) : now;
      heard[e.measurement] = Math.max(heard[e.measurement] ?? at, at);
      heard.site = Math.max(heard.site ?? at, at);
      this.heard.set(e.site, heard);
      if (!replayed) {
        const keys = this.silentKeys.get(e.site)!;
        this.book.clear(keys.site, now);
        this.book.clear(keys[e.measurement], now);
      }
      if (now - e.time > holdMs) continue; // a backlog from long ago: it would clear at once
      if (e.measurement === 'weighbridge' && e.stable) {
        // One truck, one alert, whatever the spelling of its plate; no-plate weighings are each their own.
        const plate = canonicalPlate(e.plate);
        const key = `overweight:${e.site}:${plate === NO_PLATE ? `${plate}:${e.time}` : plate}`;
        const input = overweightInput(e);
        if (!input)
          this.book.clear(key, now); // weighed again within the limit (unloaded)
        else if (this.book.get(key)?.startedAt !== e.time) {
          this.book.clear(key, now); // another overweight weighing of the same truck is a new alert
          this.book.raise(key, input, e.time, now);
        }
      } else if (e.measurement === 'flight_departure') {
        if (!this.versionsOf(e.site).take(e).count) continue; // replaced by a revision already taken
        const input = delayInput(e, t);
        const key = `departure_delay:${e.site}:${e.flight_no}:${e.sobt}`;
        if (input) this.book.raise(key, input, e.aobt, now);
        else if (e.revises_aobt !== undefined) this.book.clear(key, now); // its AOBT was corrected: not late
      }
    }
  }

  private versionsOf(site: string): DepartureVersions {
    let v = this.departures.get(site);
    if (!v) {
      v = new DepartureVersions(DEPARTURE_MEMORY_MS);
      this.departures.set(site, v);
    }
    return v;
  }

  evaluate(now: number): void {
    if (this.opts.streamClock || now - this.lastEvaluated < EVALUATE_EVERY_MS) return;
    this.check(now);
  }

  /** Cluster mode: a clock tick applied from the stream, at its stream time (never going backwards). */
  evaluateAt(streamNow: number): void {
    this.check(Math.max(streamNow, this.lastEvaluated));
  }

  private check(now: number): void {
    this.lastEvaluated = now;
    for (const prefix of ['overweight:', 'departure_delay:'])
      for (const key of this.book.activeKeys(prefix)) {
        const a = this.book.get(key)!;
        if (now - a.startedAt > this.t(a.site).holdMinutes * 60_000) this.book.clear(key, now);
      }
    for (const site of this.sites) {
      this.evaluateSla(site, now);
      this.evaluateSilence(site, now);
    }
  }

  private evaluateSla(site: string, now: number): void {
    const key = `gate_sla:${site}`;
    const t = this.t(site);
    const windowMs = t.slaWindowMinutes * 60_000;
    const { share, scans } = this.opts.kpis.site(site).slaShare(now, windowMs);
    const verdict = slaVerdict(share, scans, this.book.isActive(key), t);
    if (verdict === 'clear') this.book.clear(key, now);
    if (verdict !== 'raise' || share === null) return;
    this.book.raise(
      key,
      {
        kind: 'gate_sla',
        site,
        severity: slaSeverity(share, t),
        share,
        threshold: t.slaShare,
        windowMinutes: t.slaWindowMinutes,
        scans,
      },
      this.book.get(key)?.startedAt ?? now,
      now,
    );
  }

  private evaluateSilence(site: string, now: number): void {
    const heard = this.heard.get(site) ?? {};
    const t = this.t(site);
    const siteSilent = isSilent(heard.site ?? null, silenceLimitMs('site', t), now);
    // A site that went quiet as a whole raises one alert, not one per collector.
    for (const source of [...measurements, 'site' as const]) {
      const key = silentKey(site, source);
      const last = heard[source] ?? null;
      const limitMs = silenceLimitMs(source, t);
      const silent = isSilent(last, limitMs, now) && (source === 'site') === siteSilent;
      if (!silent) {
        this.book.clear(key, now);
        continue;
      }
      this.book.raise(
        key,
        {
          kind: 'silent',
          site,
          severity: source === 'site' ? 'critical' : 'warning',
          source,
          lastEventAt: last!,
          limitSeconds: limitMs / 1000,
        },
        last! + limitMs,
        now,
      );
    }
  }

  snapshot(site: string): AlertSet {
    return this.book.snapshot(site);
  }

  /** The alert book and when each source was last heard from (live-state checkpoint). */
  exportState(): AlertEngineState {
    return {
      book: this.book.exportState(),
      heard: [...this.heard],
      lastEvaluated: this.lastEvaluated,
      departures: [...this.departures].map(([site, v]) => [site, v.exportState()]),
    };
  }

  importState(s: AlertEngineState): void {
    this.book.importState(s.book);
    this.heard.clear();
    for (const [site, h] of s.heard) this.heard.set(site, h);
    this.lastEvaluated = s.lastEvaluated;
    this.departures.clear();
    for (const [site, v] of s.departures ?? []) this.versionsOf(site).importState(v);
  }

  drainChanges(): Map<string, Alert[]> {
    return this.book.drainChanges();
  }

  find(id: string): Alert | undefined {
    return this.book.findById(id) ?? this.book.findRecent(id);
  }

  setAck(id: string, ack: Ack): Alert | undefined {
    return this.book.setAck(id, ack);
  }
}

export interface AlertEngineState {
  book: AlertBookState;
  heard: [string, Partial<Record<Measurement | 'site', number>>][];
  lastEvaluated: number;
  /** Absent in checkpoints from before it was kept: nothing is known replaced then. */
  departures?: [string, DepartureVersionsState][];
}

function silentKey(site: string, source: Measurement | 'site'): string {
  return `silent:${site}:${source}`;
}

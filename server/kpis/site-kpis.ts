// Rolling live KPIs of one site, updated per event (O(1)) and read per second (O(window buckets)). The windows
// reach back far enough that a row can be computed for any instant of the last 24 h (KPI history).
import type { Measurement, PortEvent } from '../../shared/events/event';
import { isOnTime, revisedVersion } from '../../shared/events/flight-departure';
import { GATE_SLA_MS } from '../../shared/events/gate-scan';
import { isOverweight } from '../../shared/events/weighbridge';
import type { KpiRow } from '../../shared/live/kpi-columns';
import { LaneFlows, type LaneFlowsState } from './lane-flows';
import { WindowedHistogram } from './latency-histogram';
import { StaffPresence, type StaffPresenceState } from './staff-presence';
import { TimeRing, type TimeRingState } from './time-ring';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
export const FLOW_WINDOW_MS = MIN;
export const PROCESSING_WINDOW_MS = 15 * MIN;
export { STAFF_MEMORY_MS } from './staff-presence';
/** How far back rows can be computed (GET /api/kpis/history). */
export const HISTORY_MS = DAY;

const SECOND_SLOTS = 3700;
/** Rows older than this (behind the newest event) read flows from the minute ring: the seconds are reused. */
const SECONDS_COVER_MS = (SECOND_SLOTS - 100) * 1000;

const perSecondCounters = ['vehiclesIn', 'vehiclesOut', 'parcels'] as const;
const perMinuteCounters = [
  ...perSecondCounters,
  'weighings',
  'scans',
  'scansWithinSla',
  'netKg',
  'ratedKg',
  'departures',
  'onTime',
  'overweight',
] as const;
type MinuteCounter = (typeof perMinuteCounters)[number];

/**
 * The first epoch second whose row an event at timeMs can change: a row reads its minute buckets whole, so
 * an event at 12:00:50 already counts in the row of 12:00:10.
 */
export function firstRowAffectedBy(timeMs: number): number {
  return Math.floor(timeMs / MIN) * (MIN / 1000);
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** The part of a row read from minute buckets (and the processing histogram, also per minute). */
interface MinuteWindows {
  gateActive: boolean;
  departures: number;
  p50: number | null;
  p95: number | null;
  slaShare: number | null;
  loadRate: number | null;
  onTimeShare: number | null;
  overweight: number | null;
}

export class SiteKpis {
  // An hour of seconds, so KPI history can be recomputed for late data (see LiveHub), not just the last minute.
  private readonly seconds = new TimeRing(1000, SECOND_SLOTS, perSecondCounters);
  // Two days of minutes: a 24 h window read for a row 24 h ago.
  private readonly minutes = new TimeRing(MIN, 2 * 24 * 60 + 20, perMinuteCounters);
  private readonly processing = new WindowedHistogram(MIN, (HISTORY_MS + PROCESSING_WINDOW_MS) / MIN + 5);
  private readonly staff = new StaffPresence();
  readonly lanes = new LaneFlows();
  lastEventAt: number | null = null;
  /** Bumped by every event older than a minute when it arrives: rows of the past computed before are stale. */
  pastRevision = 0;
  /** Bumped by every event: a memo of minute windows is valid only for the revision it was computed at. */
  private revision = 0;
  private memo: { minute: number; revision: number; windows: MinuteWindows } | undefined;
  /** Epoch ms of the newest event per measurement (a collector that went quiet shows here). */
  readonly lastEventOf: Record<Measurement, number | null> = {
    gate_scan: null,
    weighbridge: null,
    flight_departure: null,
  };

  add(e: PortEvent, arrivedAt = Date.now()): void {
    this.revision++;
    if (e.time < arrivedAt - MIN) this.pastRevision++;
    if (this.lastEventAt === null || e.time > this.lastEventAt) this.lastEventAt = e.time;
    const lastOf = this.lastEventOf[e.measurement];
    if (lastOf === null || e.time > lastOf) this.lastEventOf[e.measurement] = e.time;
    switch (e.measurement) {
      case 'gate_scan':
        if (e.subject === 'staff') {
          if (e.result === 'released') this.staff.add(e.badge, e.time, e.direction === 'in');
          return;
        }
        this.lanes.add(e);
        this.minutes.add(e.time, 'scans');
        if (e.processing_ms <= GATE_SLA_MS) this.minutes.add(e.time, 'scansWithinSla');
        this.processing.add(e.time, e.processing_ms);
        if (e.result === 'released') {
          this.count(e.time, e.direction === 'in' ? 'vehiclesIn' : 'vehiclesOut');
          this.count(e.time, 'parcels', e.parcels);
        }
        return;
      case 'weighbridge':
        if (!e.stable) return;
        this.minutes.add(e.time, 'weighings');
        this.minutes.add(e.time, 'netKg', e.net_kg);
        this.minutes.add(e.time, 'ratedKg', e.rated_payload_kg);
        if (isOverweight(e)) this.minutes.add(e.time, 'overweight');
        return;
      case 'flight_departure': {
        // A revised departure replaces the version counted before (punctuality counts it once).
        const earlier = revisedVersion(e);
        if (earlier) {
          this.minutes.add(earlier.time, 'departures', -1);
          if (isOnTime(earlier)) this.minutes.add(earlier.time, 'onTime', -1);
        }
        this.minutes.add(e.time, 'departures');
        if (isOnTime(e)) this.minutes.add(e.time, 'onTime');
        // Not in parcels per minute: one flight's thousands of parcels in one minute would dwarf the gate flow
        // the chart is for. Flights' parcels are on the departures board and in the volume index.
        return;
      }
    }
  }

  private count(time: number, c: (typeof perSecondCounters)[number], amount = 1): void {
    this.seconds.add(time, c, amount);
    this.minutes.add(time, c, amount);
  }

  /** Flow over the minute ending at nowMs: per second while the seconds ring holds it, else per minute. */
  private flow(c: (typeof perSecondCounters)[number], nowMs: number): number {
    if ((this.lastEventAt ?? nowMs) - nowMs < SECONDS_COVER_MS)
      return this.seconds.sum(c, nowMs, FLOW_WINDOW_MS);
    return this.minutes.sum(c, nowMs, FLOW_WINDOW_MS);
  }

  /** Share of vehicle scans within the 10 s SLA over a window ending at nowMs, with the number of scans. */
  slaShare(nowMs: number, windowMs: number): { share: number | null; scans: number } {
    const scans = this.minutes.sum('scans', nowMs, windowMs);
    return { share: ratio(this.minutes.sum('scansWithinSla', nowMs, windowMs), scans), scans };
  }

  row(nowMs: number): KpiRow {
    const w = this.minuteWindows(nowMs);
    const orNull = (active: boolean, v: number) => (active ? v : null);
    return {
      vehicles_in_per_min: orNull(w.gateActive, this.flow('vehiclesIn', nowMs)),
      vehicles_out_per_min: orNull(w.gateActive, this.flow('vehiclesOut', nowMs)),
      parcels_per_min: orNull(w.gateActive || w.departures > 0, this.flow('parcels', nowMs)),
      processing_p50_ms: w.p50,
      processing_p95_ms: w.p95,
      sla_share: w.slaShare,
      staff_on_site: this.staff.onSite(nowMs),
      load_rate_1h: w.loadRate,
      departures_24h: orNull(w.departures > 0, w.departures),
      on_time_share_24h: w.onTimeShare,
      overweight_24h: w.overweight,
    };
  }

  /**
   * The KPIs read from minute buckets depend only on the minute nowMs falls in, so consecutive rows of a
   * history rebuild (3,600 of them) share them: they are computed once per minute and reused until an event
   * arrives. The same sums in the same order, so the values are exactly those of a fresh computation.
   */
  private minuteWindows(nowMs: number): MinuteWindows {
    const minute = Math.floor(nowMs / MIN);
    const memo = this.memo;
    if (memo && memo.minute === minute && memo.revision === this.revision) return memo.windows;
    const m = (c: MinuteCounter, w: number) => this.minutes.sum(c, nowMs, w);
    const [p50, p95] = this.processing.percentiles(nowMs, PROCESSING_WINDOW_MS, [0.5, 0.95]);
    const departures = m('departures', DAY);
    const windows: MinuteWindows = {
      // A count is "no data" (null), not 0, when the site has sent nothing of that kind for a day:
      // a cargo park without flights has no departures count, an idle gate at night has 0 vehicles/min.
      gateActive: m('scans', DAY) > 0,
      departures,
      p50: p50 ?? null,
      p95: p95 ?? null,
      slaShare: this.slaShare(nowMs, PROCESSING_WINDOW_MS).share,
      loadRate: ratio(m('netKg', HOUR), m('ratedKg', HOUR)),
      onTimeShare: ratio(m('onTime', DAY), departures),
      overweight: m('weighings', DAY) > 0 ? m('overweight', DAY) : null,
    };
    this.memo = { minute, revision: this.revision, windows };
    return windows;
  }

  /** Everything the rows are computed from (live-state checkpoint). */
  exportState(): SiteKpisState {
    return {
      seconds: this.seconds.exportState(),
      minutes: this.minutes.exportState(),
      processing: this.processing.exportState(),
      staff: this.staff.exportState(),
      lanes: this.lanes.exportState(),
      lastEventAt: this.lastEventAt,
      lastEventOf: { ...this.lastEventOf },
      pastRevision: this.pastRevision,
    };
  }

  importState(s: SiteKpisState): void {
    this.seconds.importState(s.seconds);
    this.minutes.importState(s.minutes);
    this.processing.importState(s.processing);
    this.staff.importState(s.staff);
    this.lanes.importState(s.lanes);
    this.lastEventAt = s.lastEventAt;
    Object.assign(this.lastEventOf, s.lastEventOf);
    this.pastRevision = s.pastRevision;
    this.revision++; // memoised minute windows are stale
  }
}

export interface SiteKpisState {
  seconds: TimeRingState;
  minutes: TimeRingState;
  processing: { keys: Float64Array; counts: Uint32Array };
  staff: StaffPresenceState;
  lanes: LaneFlowsState;
  lastEventAt: number | null;
  lastEventOf: Record<Measurement, number | null>;
  pastRevision: number;
}

// Rolling live KPIs of one site, updated per event (O(1)) and read per second (O(window buckets)).
import type { PortEvent } from '../../shared/events/event';
import { isOnTime } from '../../shared/events/flight-departure';
import { GATE_SLA_MS } from '../../shared/events/gate-scan';
import { isOverweight } from '../../shared/events/weighbridge';
import type { KpiRow } from '../../shared/live/kpi-columns';
import { WindowedHistogram } from './latency-histogram';
import { TimeRing } from './time-ring';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
export const FLOW_WINDOW_MS = MIN;
export const PROCESSING_WINDOW_MS = 15 * MIN;
export const STAFF_MEMORY_MS = DAY;

const perSecondCounters = ['vehiclesIn', 'vehiclesOut', 'parcels'] as const;
const perMinuteCounters = [
  'weighings',
  'scans',
  'scansWithinSla',
  'netKg',
  'ratedKg',
  'departures',
  'onTime',
  'overweight',
] as const;

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export class SiteKpis {
  // An hour of seconds, so KPI history can be recomputed for late data (see LiveHub), not just the last minute.
  private readonly seconds = new TimeRing(1000, 3700, perSecondCounters);
  private readonly minutes = new TimeRing(MIN, 24 * 60 + 5, perMinuteCounters);
  private readonly processing = new WindowedHistogram(MIN, 20);
  /** badge → time of the last released scan and whether it was `in`. */
  private readonly staff = new Map<string, { at: number; inside: boolean }>();
  lastEventAt: number | null = null;

  add(e: PortEvent): void {
    if (this.lastEventAt === null || e.time > this.lastEventAt) this.lastEventAt = e.time;
    switch (e.measurement) {
      case 'gate_scan':
        if (e.subject === 'staff') {
          if (e.result !== 'released') return;
          const prev = this.staff.get(e.badge);
          if (!prev || prev.at <= e.time)
            this.staff.set(e.badge, { at: e.time, inside: e.direction === 'in' });
          return;
        }
        this.minutes.add(e.time, 'scans');
        if (e.processing_ms <= GATE_SLA_MS) this.minutes.add(e.time, 'scansWithinSla');
        this.processing.add(e.time, e.processing_ms);
        if (e.result === 'released') {
          this.seconds.add(e.time, e.direction === 'in' ? 'vehiclesIn' : 'vehiclesOut');
          this.seconds.add(e.time, 'parcels', e.parcels);
        }
        return;
      case 'weighbridge':
        if (!e.stable) return;
        this.minutes.add(e.time, 'weighings');
        this.minutes.add(e.time, 'netKg', e.net_kg);
        this.minutes.add(e.time, 'ratedKg', e.rated_payload_kg);
        if (isOverweight(e)) this.minutes.add(e.time, 'overweight');
        return;
      case 'flight_departure':
        this.minutes.add(e.time, 'departures');
        if (isOnTime(e)) this.minutes.add(e.time, 'onTime');
        this.seconds.add(e.time, 'parcels', e.parcels);
        return;
    }
  }

  private staffOnSite(nowMs: number): number | null {
    if (this.staff.size === 0) return null;
    let n = 0;
    for (const [badge, s] of this.staff) {
      if (nowMs - s.at > STAFF_MEMORY_MS) this.staff.delete(badge);
      else if (s.inside) n++;
    }
    return n;
  }

  row(nowMs: number): KpiRow {
    const s = (c: (typeof perSecondCounters)[number]) => this.seconds.sum(c, nowMs, FLOW_WINDOW_MS);
    const m = (c: (typeof perMinuteCounters)[number], w: number) => this.minutes.sum(c, nowMs, w);
    const [p50, p95] = this.processing.percentiles(nowMs, PROCESSING_WINDOW_MS, [0.5, 0.95]);
    const departures = m('departures', DAY);
    // A count is "no data" (null), not 0, when the site has sent nothing of that kind for a day:
    // a cargo park without flights has no departures count, an idle gate at night has 0 vehicles/min.
    const gateActive = m('scans', DAY) > 0;
    const orNull = (active: boolean, v: number) => (active ? v : null);
    return {
      vehicles_in_per_min: orNull(gateActive, s('vehiclesIn')),
      vehicles_out_per_min: orNull(gateActive, s('vehiclesOut')),
      parcels_per_min: orNull(gateActive || departures > 0, s('parcels')),
      processing_p50_ms: p50 ?? null,
      processing_p95_ms: p95 ?? null,
      sla_share: ratio(m('scansWithinSla', PROCESSING_WINDOW_MS), m('scans', PROCESSING_WINDOW_MS)),
      staff_on_site: this.staffOnSite(nowMs),
      load_rate_1h: ratio(m('netKg', HOUR), m('ratedKg', HOUR)),
      departures_24h: orNull(departures > 0, departures),
      on_time_share_24h: ratio(m('onTime', DAY), departures),
      overweight_24h: orNull(m('weighings', DAY) > 0, m('overweight', DAY)),
    };
  }
}

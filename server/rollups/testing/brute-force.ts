// A deliberately naive reference for the index methodology (docs/indices.md), straight from raw events:
// no rollups, no shared formulas, its own calendar. Tests check the engine against it.
import type { PortEvent } from '../../../shared/events/event';

export const names = [
  'volume',
  'rural_volume',
  'staffing',
  'load_rate',
  'gate_timeliness',
  'flight_punctuality',
] as const;
type Name = (typeof names)[number];
export type Reference = Record<
  Name | 'composite',
  { value: number | null; change: number | null; metric: number | null }
>;

export const referenceWeights: Record<Name, number> = {
  volume: 0.3,
  rural_volume: 0.1,
  staffing: 0.15,
  load_rate: 0.15,
  gate_timeliness: 0.15,
  flight_punctuality: 0.15,
};

const isoDate = new Map<string, Intl.DateTimeFormat>();
/** "2025-08-01" in the zone (sv-SE writes ISO dates), a different path from the engine's day numbers. */
function localDate(ms: number, tz: string): string {
  const f = isoDate.get(tz) ?? new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short' });
  isoDate.set(tz, f);
  return f.format(ms);
}

function monthLength(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + m - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

export class BruteForce {
  private readonly byMonth = new Map<string, { e: PortEvent; date: string }[]>();
  /** Only saves recomputing the same (sites, month); every metric is still read from raw events. */
  private readonly memo = new Map<string, Record<Name, number | null>>();

  constructor(
    events: readonly PortEvent[],
    private readonly timeZoneOf: (site: string) => string,
    private readonly nowMs: number,
  ) {
    for (const e of events) {
      const date = localDate(e.time, timeZoneOf(e.site));
      const key = `${e.site}|${date.slice(0, 7)}`;
      if (!this.byMonth.has(key)) this.byMonth.set(key, []);
      this.byMonth.get(key)!.push({ e, date });
    }
  }

  /** m(M) of every sub-index for the sites, null when no event of the kind was seen. */
  metrics(sites: readonly string[], month: string): Record<Name, number | null> {
    const key = `${sites.join()}|${month}`;
    const known = this.memo.get(key);
    if (known) return known;
    const result = this.compute(sites, month);
    this.memo.set(key, result);
    return result;
  }

  private compute(sites: readonly string[], month: string): Record<Name, number | null> {
    const todays = sites
      .map((s) => localDate(this.nowMs, this.timeZoneOf(s)))
      .filter((d) => d.startsWith(month));
    const days = todays.length > 0 ? Math.max(...todays.map((d) => Number(d.slice(8)))) : monthLength(month);
    const c = { parcels: 0, seen: 0, rural: 0, ruralSeen: 0, badgeDays: 0, net: 0, rated: 0, weighings: 0 };
    const g = { scans: 0, fast: 0, departures: 0, onTime: 0 };
    for (const site of sites) {
      const badgesByDay = new Map<string, Set<string>>();
      for (const { e, date } of this.byMonth.get(`${site}|${month}`) ?? []) {
        if (e.measurement === 'gate_scan' && e.subject === 'vehicle') {
          g.scans++;
          if (e.processing_ms <= 10_000) g.fast++;
          if (e.result !== 'released') continue;
          c.parcels += e.parcels;
          c.seen++;
          if (e.rural) {
            c.rural += e.parcels;
            c.ruralSeen++;
          }
        } else if (e.measurement === 'gate_scan') {
          if (e.result !== 'released' || e.direction !== 'in') continue;
          const set = badgesByDay.get(date) ?? new Set<string>();
          badgesByDay.set(date, set.add(e.badge));
        } else if (e.measurement === 'weighbridge') {
          if (!e.stable) continue;
          c.net += e.net_kg;
          c.rated += e.rated_payload_kg;
          c.weighings++;
        } else {
          c.parcels += e.parcels;
          c.seen++;
          g.departures++;
          if (e.aobt - e.sobt < 15 * 60_000) g.onTime++;
        }
      }
      for (const set of badgesByDay.values()) c.badgeDays += set.size;
    }
    return {
      volume: c.seen ? c.parcels / days : null,
      rural_volume: c.ruralSeen ? c.rural / days : null,
      staffing: c.badgeDays ? c.badgeDays / days : null,
      load_rate: c.weighings && c.rated ? c.net / c.rated : null,
      gate_timeliness: g.scans ? g.fast / g.scans : null,
      flight_punctuality: g.departures ? g.onTime / g.departures : null,
    };
  }

  private values(sites: readonly string[], month: string, base: string) {
    const now = this.metrics(sites, month);
    const then = this.metrics(sites, base);
    const out = {} as Record<Name | 'composite', number | null>;
    const sum = { weighted: 0, weights: 0 };
    for (const n of names) {
      const [a, b] = [now[n], then[n]];
      const v = a === null || b === null || b === 0 ? null : (100 * a) / b;
      out[n] = v;
      if (v === null) continue;
      sum.weighted += referenceWeights[n] * v;
      sum.weights += referenceWeights[n];
    }
    out.composite = sum.weights > 0 ? sum.weighted / sum.weights : null;
    return { out, now };
  }

  /** Every index of a month; `fixedBase` undefined means year-on-year. */
  indices(sites: readonly string[], month: string, fixedBase?: string): Reference {
    const prev = shiftMonth(month, -1);
    const cur = this.values(sites, month, fixedBase ?? shiftMonth(month, -12));
    const before = this.values(sites, prev, fixedBase ?? shiftMonth(prev, -12));
    const result = {} as Reference;
    for (const n of [...names, 'composite'] as const) {
      const [v, p] = [cur.out[n], before.out[n]];
      result[n] = {
        value: v,
        change: v !== null && p !== null ? v - p : null,
        metric: n === 'composite' ? null : cur.now[n],
      };
    }
    return result;
  }
}

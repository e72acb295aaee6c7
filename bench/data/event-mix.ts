// Realistic mixed events (gate scans, weighbridge readings, cargo departures) from the collectors' own
// simulators for the bench sites, and their line protocol through the shared codec (the only one).
import { createSiteSimulator } from '../../collectors/simulate/site-simulator';
import type { PortEvent } from '../../shared/events/event';
import { pointFromEvent } from '../../shared/events/point-conversion';
import { formatLines } from '../../shared/line-protocol/format';
import type { Precision } from '../../shared/line-protocol/types';
import type { Site } from '../../shared/sites/registry';
import { benchSites } from './bench-sites';

const HOUR = 3_600_000;
const WINDOW = 5 * 60_000;
/** Rough events per site-hour at simulator speed 1 (daytime, and averaged over a day), to pick a speed. */
const EVENTS_PER_SITE_HOUR = 1_200;
const EVENTS_PER_SITE_HOUR_DAILY = 700;

export interface SimulateOptions {
  fromMs: number;
  toMs: number;
  /** Rate multiplier of the demo simulators. */
  speed: number;
  seed?: number;
  sites?: readonly Site[];
}

/** Every site's events in [fromMs, toMs), sorted by time. */
export function simulate(o: SimulateOptions): PortEvent[] {
  const sites = o.sites ?? benchSites;
  const sims = sites.map((s) =>
    createSiteSimulator(s, { seed: o.seed ?? 42, startMs: o.fromMs, speed: o.speed }),
  );
  const out: PortEvent[] = [];
  for (let t = o.fromMs; t < o.toMs; t += WINDOW) {
    const end = Math.min(o.toMs, t + WINDOW);
    const window = sims.flatMap((s) => s.generate(t, end));
    window.sort((a, b) => a.time - b.time);
    for (const e of window) out.push(e);
  }
  return out;
}

/** Keeps `count` events spread evenly over the list (the list keeps its time order). */
export function thin<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]!);
}

/** About `count` events of the hour before `endMs` (the speed is raised until the hour holds enough). */
export function simulateCount(count: number, endMs: number, seed = 42): PortEvent[] {
  let speed = Math.max(0.01, count / (benchSites.length * EVENTS_PER_SITE_HOUR));
  for (let attempt = 0; ; attempt++) {
    const events = simulate({ fromMs: endMs - HOUR, toMs: endMs, speed, seed });
    if (events.length >= count || attempt === 3) return thin(events, count);
    speed *= (count / Math.max(1, events.length)) * 1.15;
  }
}

/** One day of events (the 24 h before `endMs`), thinned to `perDay`: a realistic diurnal shape. */
export function simulateDay(perDay: number, endMs: number, seed = 42): PortEvent[] {
  const speed = Math.max(0.01, (perDay / (24 * benchSites.length * EVENTS_PER_SITE_HOUR_DAILY)) * 1.2);
  return thin(simulate({ fromMs: endMs - 24 * HOUR, toMs: endMs, speed, seed }), perDay);
}

/** Line-protocol request bodies of `batchLines` lines each. */
export function lineBatches(events: PortEvent[], batchLines: number, precision: Precision = 'ns'): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += batchLines)
    bodies.push(
      formatLines(
        events.slice(i, i + batchLines).map((e) => pointFromEvent(e)),
        precision,
      ),
    );
  return bodies;
}

/** The same event at another time (a departure's SOBT and AOBT move with it, as its schema requires). */
export function retime(e: PortEvent, time: number): PortEvent {
  if (e.measurement !== 'flight_departure') return { ...e, time };
  const shift = time - e.time;
  return { ...e, time, sobt: e.sobt + shift, aobt: e.aobt + shift };
}

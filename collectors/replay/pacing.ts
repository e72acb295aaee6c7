// When each replayed event is due: the first event anchors the wall clock, later ones follow at
// (event time − first time) / speed; "max" means at once. Shifted timestamps re-time each event to the
// instant it is sent (a flight keeps its AOBT − SOBT delay), so the server sees a live stream.
import type { PortEvent } from '../../shared/events/event';

export class Pacer {
  private anchor: { eventMs: number; wallMs: number } | undefined;

  constructor(
    private readonly speed: number | 'max',
    private readonly now: () => number = Date.now,
  ) {}

  /** Wall-clock instant the event is due (now or earlier: send at once). */
  dueAt(event: PortEvent): number {
    if (this.speed === 'max') return Number.NEGATIVE_INFINITY;
    this.anchor ??= { eventMs: event.time, wallMs: this.now() };
    return this.anchor.wallMs + (event.time - this.anchor.eventMs) / this.speed;
  }
}

/** The event as if it happened at `atMs`. */
export function shiftEvent(event: PortEvent, atMs: number): PortEvent {
  const time = Math.round(atMs);
  if (event.measurement !== 'flight_departure') return { ...event, time };
  return { ...event, time, aobt: time, sobt: time - (event.aobt - event.sobt) };
}

// Decides what is sent for each departure and cargo load: a new departure once; a correction of one already
// sent (a revised AOBT, other cargo figures) as a revision carrying the AOBT and parcels it replaces, so the
// server counts the departure once, as revised; an exact repeat not at all. With a cargo feed, departures and
// cargo loads meet by flight number and local departure date: whichever comes first waits for the other, the
// departure up to `waitMs` (then it is sent without the load, and a load arriving later revises it), the load
// up to `holdMs` (then it is given up, with a warning). Wall-clock waits; everything else is data time.
import type { FlightDeparture } from '../../shared/events/flight-departure';
import { localDate } from '../../shared/indices/time-zone';
import type { CargoLoad, SeenDepartures } from './seen-departures';

export interface DeskCounters {
  departures: number;
  revisions: number;
  repeats: number;
  stale: number;
  waitingForCargo: number;
  cargoJoined: number;
  cargoMissing: number;
  cargoUnmatched: number;
}

export interface DeskOptions {
  /** Whether departures wait for a cargo feed. */
  joinCargo: boolean;
  waitMs: number;
  holdMs: number;
  timeZone: string;
  warn: (kind: string, message: string) => void;
}

const joinKey = (flightNo: string, date: string) => `${flightNo}|${date}`;

const sameVersion = (a: FlightDeparture, b: FlightDeparture) =>
  a.aobt === b.aobt &&
  a.parcels === b.parcels &&
  a.cargo_kg === b.cargo_kg &&
  a.capacity_kg === b.capacity_kg &&
  a.destination === b.destination &&
  a.carrier === b.carrier;

export class DepartureDesk {
  readonly counters: DeskCounters = {
    departures: 0,
    revisions: 0,
    repeats: 0,
    stale: 0,
    waitingForCargo: 0,
    cargoJoined: 0,
    cargoMissing: 0,
    cargoUnmatched: 0,
  };
  /** Events to hand to the writer, in the order decided. */
  private out: FlightDeparture[] = [];

  constructor(
    private readonly seen: SeenDepartures,
    private readonly o: DeskOptions,
  ) {}

  /** The events decided since the last call. */
  take(): FlightDeparture[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** A departure that is off-block. `ownCargo`: its record gave the cargo load itself (it need not wait). */
  departure(key: string, event: FlightDeparture, ownCargo: boolean, now: number): void {
    const sent = this.seen.reported(key);
    if (sent === 'unknown') {
      this.counters.repeats++;
      return;
    }
    if (sent) {
      this.revise(key, sent, ownCargo ? event : { ...event, ...cargoOf(sent) });
      return;
    }
    if (this.seen.isStale(event.sobt)) {
      this.counters.stale++;
      return;
    }
    if (!this.o.joinCargo || ownCargo) {
      this.send(key, event);
      return;
    }
    const jk = joinKey(event.flight_no, localDate(event.sobt, this.o.timeZone));
    const load = this.seen.cargo.get(jk);
    if (load) {
      this.seen.cargo.delete(jk);
      this.counters.cargoJoined++;
      this.send(key, withCargo(event, load.item));
      return;
    }
    // A departure revised while it waits simply waits as revised (nothing was sent yet).
    const since = this.seen.waiting.get(key)?.since ?? now;
    this.seen.waiting.set(key, { item: event, since });
    this.counters.waitingForCargo = this.seen.waiting.size;
  }

  /** A cargo load from the cargo feed. */
  cargo(load: CargoLoad, now: number): void {
    const jk = joinKey(load.flightNo, load.date);
    for (const [key, w] of this.seen.waiting)
      if (joinKey(w.item.flight_no, localDate(w.item.sobt, this.o.timeZone)) === jk) {
        this.seen.waiting.delete(key);
        this.counters.waitingForCargo = this.seen.waiting.size;
        this.counters.cargoJoined++;
        this.send(key, withCargo(w.item, load));
        return;
      }
    for (const [key, sent] of this.seen.reportedEntries())
      if (joinKey(sent.flight_no, localDate(sent.sobt, this.o.timeZone)) === jk) {
        this.revise(key, sent, withCargo(sent, load));
        return;
      }
    const since = this.seen.cargo.get(jk)?.since ?? now;
    this.seen.cargo.set(jk, { item: load, since });
  }

  /** Ends the waits that ran out: departures go without their load, loads without a departure are dropped. */
  sweep(now: number): void {
    for (const [key, w] of this.seen.waiting)
      if (now - w.since >= this.o.waitMs) {
        this.seen.waiting.delete(key);
        this.counters.cargoMissing++;
        this.o.warn(
          'cargo missing',
          `departure ${w.item.flight_no} (SOBT ${new Date(w.item.sobt).toISOString()}): no cargo load within ${this.o.waitMs / 60_000} min; reported without it (a later load revises it)`,
        );
        this.send(key, w.item);
      }
    this.counters.waitingForCargo = this.seen.waiting.size;
    for (const [jk, w] of this.seen.cargo)
      if (now - w.since >= this.o.holdMs) {
        this.seen.cargo.delete(jk);
        this.counters.cargoUnmatched++;
        this.o.warn(
          'cargo unmatched',
          `cargo load of ${w.item.flightNo} on ${w.item.date} (${w.item.cargoKg} kg): no departure within ${this.o.holdMs / 60_000} min; given up`,
        );
      }
  }

  private send(key: string, event: FlightDeparture): void {
    this.seen.add(key, event);
    this.counters.departures++;
    this.out.push(event);
  }

  private revise(key: string, sent: FlightDeparture, next: FlightDeparture): void {
    if (sameVersion(sent, next)) {
      this.counters.repeats++;
      return;
    }
    const revision: FlightDeparture = { ...next, revises_aobt: sent.aobt, revises_parcels: sent.parcels };
    this.seen.add(key, revision);
    this.counters.revisions++;
    this.out.push(revision);
  }
}

const cargoOf = (e: FlightDeparture) => ({
  cargo_kg: e.cargo_kg,
  parcels: e.parcels,
  capacity_kg: e.capacity_kg,
});

function withCargo(e: FlightDeparture, load: CargoLoad): FlightDeparture {
  return {
    ...e,
    cargo_kg: load.cargoKg,
    parcels: load.parcels ?? e.parcels,
    capacity_kg: load.capacityKg ?? e.capacity_kg,
  };
}

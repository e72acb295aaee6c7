// What the collector knows across polls and restarts, in a small state file: the departures already reported
// (by flight number and SOBT, with the version sent, so a correction can be sent as a revision), the departures
// waiting for their cargo load and the cargo loads waiting for their departure, and where tailed files were
// read to. Entries whose SOBT lies more than the retention before the newest SOBT seen are forgotten, and
// records that old are no longer reported (they might have been reported and forgotten). Data time, not the
// wall clock: replays of old feeds work too.
import type { FlightDeparture } from '../../shared/events/flight-departure';
import { readJsonFile, writeFileAtomic } from '../common/runner/atomic-file';
import type { TailPosition } from './feed-source';

/** A cargo load from the cargo feed, keyed by flight number and local departure date. */
export interface CargoLoad {
  flightNo: string;
  /** Local departure date (YYYY-MM-DD in the site's time zone). */
  date: string;
  cargoKg: number;
  parcels?: number;
  capacityKg?: number;
}

export interface Waiting<T> {
  item: T;
  /** Wall clock when it started waiting (epoch ms). */
  since: number;
}

interface StateFile {
  /** Reported departures: the version sent (a number: the SOBT only, from state files of earlier versions). */
  seen: Record<string, FlightDeparture | number>;
  tail: TailPosition;
  cargoTail?: TailPosition;
  waiting?: Record<string, Waiting<FlightDeparture>>;
  cargo?: Record<string, Waiting<CargoLoad>>;
}

const sobtOf = (v: FlightDeparture | number) => (typeof v === 'number' ? v : v.sobt);

export class SeenDepartures {
  private seen: Map<string, FlightDeparture | number>;
  /** Records with an SOBT before this are stale (fixed at the last save, so one poll sees one horizon). */
  private horizon: number;
  tail: TailPosition;
  cargoTail: TailPosition;
  /** Off-block departures waiting for their cargo load, by departure key. */
  readonly waiting: Map<string, Waiting<FlightDeparture>>;
  /** Cargo loads waiting for their departure, by join key. */
  readonly cargo: Map<string, Waiting<CargoLoad>>;

  constructor(
    private readonly path: string,
    private readonly retainMs: number,
  ) {
    this.seen = new Map();
    this.tail = { ino: 0, offset: 0 };
    this.cargoTail = { ino: 0, offset: 0 };
    this.waiting = new Map();
    this.cargo = new Map();
    this.horizon = Number.NEGATIVE_INFINITY;
    this.reload();
  }

  /** Back to what the state file says (after a hand-over to the writer failed: nothing decided since counts). */
  reload(): void {
    const state = readJsonFile<StateFile>(this.path);
    this.seen = new Map(Object.entries(state?.seen ?? {}));
    this.tail = state?.tail ?? { ino: 0, offset: 0 };
    this.cargoTail = state?.cargoTail ?? { ino: 0, offset: 0 };
    this.waiting.clear();
    for (const [k, v] of Object.entries(state?.waiting ?? {})) this.waiting.set(k, v);
    this.cargo.clear();
    for (const [k, v] of Object.entries(state?.cargo ?? {})) this.cargo.set(k, v);
    this.horizon = this.newest() - this.retainMs;
  }

  get size(): number {
    return this.seen.size;
  }

  /** The version reported for a key: the event, 'unknown' (an old state file kept the SOBT only), or undefined. */
  reported(key: string): FlightDeparture | 'unknown' | undefined {
    const v = this.seen.get(key);
    return typeof v === 'number' ? 'unknown' : v;
  }

  /** The reported departures (with their versions) whose flight and local date match a join key. */
  *reportedEntries(): IterableIterator<[string, FlightDeparture]> {
    for (const [key, v] of this.seen) if (typeof v !== 'number') yield [key, v];
  }

  isStale(sobt: number): boolean {
    return sobt < this.horizon;
  }

  add(key: string, event: FlightDeparture): void {
    const { revises_aobt: _a, revises_parcels: _p, ...version } = event;
    this.seen.set(key, version);
  }

  save(): void {
    this.horizon = this.newest() - this.retainMs;
    for (const [key, v] of this.seen) if (sobtOf(v) < this.horizon) this.seen.delete(key);
    const state: StateFile = {
      seen: Object.fromEntries(this.seen),
      tail: this.tail,
      cargoTail: this.cargoTail,
      waiting: Object.fromEntries(this.waiting),
      cargo: Object.fromEntries(this.cargo),
    };
    writeFileAtomic(this.path, JSON.stringify(state));
  }

  private newest(): number {
    let newest = Number.NEGATIVE_INFINITY;
    for (const v of this.seen.values()) if (sobtOf(v) > newest) newest = sobtOf(v);
    return newest;
  }
}

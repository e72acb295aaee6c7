// Which versions of each departure are counted, whatever order they arrive in. A revision (revises_aobt,
// revises_parcels) replaces the version it names: that version is taken out if it was counted, and remembered
// as replaced, so an original (or older revision) arriving after its revision is not counted at all — the
// departure counts once, as revised. Rollups, live KPIs and alerts each keep one per site. Versions of a
// departure are forgotten `memoryMs` after its SOBT (behind the newest SOBT seen): a version arriving later
// than that after its revision is counted as new.
import { type FlightDeparture, revisedVersion } from '../events/flight-departure';

/** What an arriving departure changes: `uncount` the version it replaces, `count` itself. */
export interface VersionVerdict {
  count: boolean;
  /** The replaced version to take out (it was counted). */
  uncount: Pick<FlightDeparture, 'time' | 'sobt' | 'aobt' | 'parcels'> | undefined;
}

/** [flight_no|sobt|aobt|parcels, counted (1) or replaced (0), sobt] */
export type DepartureVersionsState = [string, 0 | 1, number][];

const HOUR_MS = 3_600_000;
type Departure = Pick<
  FlightDeparture,
  'flight_no' | 'sobt' | 'aobt' | 'parcels' | 'revises_aobt' | 'revises_parcels' | 'time'
>;
const keyOf = (flightNo: string, sobt: number, aobt: number, parcels: number) =>
  `${flightNo}|${sobt}|${aobt}|${parcels}`;

export class DepartureVersions {
  private readonly versions = new Map<string, { counted: boolean; sobt: number }>();
  private newestSobt = Number.NEGATIVE_INFINITY;

  constructor(readonly memoryMs: number) {}

  get size(): number {
    return this.versions.size;
  }

  take(e: Departure): VersionVerdict {
    this.forgetBefore(e.sobt);
    const own = keyOf(e.flight_no, e.sobt, e.aobt, e.parcels);
    const earlier = revisedVersion(e as FlightDeparture);
    const earlierKey = earlier && keyOf(e.flight_no, e.sobt, earlier.aobt, earlier.parcels);
    let uncount: VersionVerdict['uncount'];
    if (earlier && earlierKey !== own) {
      if (this.versions.get(earlierKey!)?.counted) uncount = earlier;
      this.versions.set(earlierKey!, { counted: false, sobt: e.sobt });
    }
    // A revision of the counted version takes over even if its own version was replaced once (corrected back).
    if (!uncount && this.versions.has(own)) return { count: false, uncount: undefined };
    this.versions.set(own, { counted: true, sobt: e.sobt });
    return { count: true, uncount };
  }

  exportState(): DepartureVersionsState {
    return [...this.versions].map(([k, v]) => [k, v.counted ? 1 : 0, v.sobt]);
  }

  importState(s: DepartureVersionsState): void {
    this.versions.clear();
    for (const [k, counted, sobt] of s) {
      this.versions.set(k, { counted: counted === 1, sobt });
      if (sobt > this.newestSobt) this.newestSobt = sobt;
    }
  }

  /** Forgets versions of departures scheduled `memoryMs` before the newest SOBT (checked once an hour). */
  private forgetBefore(sobt: number): void {
    if (Math.floor(sobt / HOUR_MS) <= Math.floor(this.newestSobt / HOUR_MS)) return;
    this.newestSobt = sobt;
    const horizon = sobt - this.memoryMs;
    for (const [k, v] of this.versions) if (v.sobt < horizon) this.versions.delete(k);
  }
}

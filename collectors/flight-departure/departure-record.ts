// One feed record → a flight_departure event. Records are first mapped onto our field names (A-CDM SOBT,
// AOBT, ATOT, …); a flight not yet off-block (or not yet airborne, with emitOn atot) is not an error, just not
// ready. The carrier defaults to the flight number's 2-character designator. ATOT is not part of the event.
// A cargo-feed record → a cargo load keyed by flight number and local departure date.
import { type FlightDeparture, flightDepartureSchema } from '../../shared/events/flight-departure';
import { localDate } from '../../shared/indices/time-zone';
import { parseTimeInput } from '../common/devices/time-input';
import type { FlightDepartureConfig } from './config';
import type { CargoLoad } from './seen-departures';

export type DepartureOutcome =
  /** ownCargo: the record gave the cargo load itself (a departure with its load need not wait for the cargo feed). */
  | { kind: 'departure'; event: FlightDeparture; key: string; ownCargo: boolean }
  | { kind: 'not-ready'; key: string }
  | { kind: 'invalid'; reason: string };

/** The identity of a departure across polls and restarts. */
export const departureKey = (flightNo: string, sobt: number) => `${flightNo}|${new Date(sobt).toISOString()}`;

const text = (v: unknown) => (v === undefined ? '' : String(v).trim());
const normalFlightNo = (v: unknown) => text(v).replace(/\s+/g, '').toUpperCase();
const num = (v: unknown, fallback: number) => {
  const s = text(v);
  return s === '' ? fallback : Number(s);
};

export function departureFrom(record: Record<string, unknown>, c: FlightDepartureConfig): DepartureOutcome {
  const flightNo = normalFlightNo(record.flight_no);
  if (flightNo === '') return { kind: 'invalid', reason: 'flight_no: missing' };
  const time = (field: string) => {
    const v = record[field];
    if (text(v) === '') return undefined;
    return parseTimeInput(v, c.timeOffset) ?? `${field}: not a timestamp (${JSON.stringify(v)})`;
  };
  const [sobt, aobt, atot] = [time('sobt'), time('aobt'), time('atot')];
  for (const t of [sobt, aobt, atot])
    if (typeof t === 'string') return { kind: 'invalid', reason: `${flightNo}: ${t}` };
  if (sobt === undefined) return { kind: 'invalid', reason: `${flightNo}: sobt: missing` };
  const key = departureKey(flightNo, sobt as number);
  if (aobt === undefined || (c.emitOn === 'atot' && atot === undefined)) return { kind: 'not-ready', key };
  const parsed = flightDepartureSchema.safeParse({
    measurement: 'flight_departure',
    time: aobt,
    site: c.site,
    airport: c.airport,
    carrier: text(record.carrier).toUpperCase() || flightNo.slice(0, 2),
    destination: text(record.destination).toUpperCase(),
    flight_no: flightNo,
    sobt,
    aobt,
    cargo_kg: num(record.cargo_kg, 0),
    capacity_kg: num(record.capacity_kg, c.defaults.capacityKg),
    parcels: num(record.parcels, c.defaults.parcels),
  });
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { kind: 'invalid', reason: `${flightNo}: ${i.path.join('.')}: ${i.message}` };
  }
  return { kind: 'departure', event: parsed.data, key, ownCargo: text(record.cargo_kg) !== '' };
}

export function cargoFrom(
  record: Record<string, unknown>,
  c: Pick<FlightDepartureConfig, 'timeOffset' | 'timeZone'>,
): { ok: true; load: CargoLoad } | { ok: false; reason: string } {
  const flightNo = normalFlightNo(record.flight_no);
  if (flightNo === '') return { ok: false, reason: 'flight_no: missing' };
  let date = text(record.date);
  if (text(record.sobt) !== '') {
    const sobt = parseTimeInput(record.sobt, c.timeOffset);
    if (sobt === undefined)
      return { ok: false, reason: `${flightNo}: sobt: not a timestamp (${JSON.stringify(record.sobt)})` };
    date = localDate(sobt, c.timeZone);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    return { ok: false, reason: `${flightNo}: give the local departure date (date YYYY-MM-DD) or the sobt` };
  const cargoKg = Number(text(record.cargo_kg));
  if (text(record.cargo_kg) === '' || !(cargoKg >= 0 && cargoKg <= 200_000))
    return {
      ok: false,
      reason: `${flightNo} ${date}: cargo_kg: expected 0 to 200000 kg, got ${JSON.stringify(record.cargo_kg)}`,
    };
  const load: CargoLoad = { flightNo, date, cargoKg };
  for (const [field, key, max] of [
    ['parcels', 'parcels', 10_000_000],
    ['capacity_kg', 'capacityKg', 200_000],
  ] as const) {
    if (text(record[field]) === '') continue;
    const v = Number(text(record[field]));
    if (!(v >= 0 && v <= max) || (field === 'parcels' && !Number.isInteger(v)))
      return {
        ok: false,
        reason: `${flightNo} ${date}: ${field}: expected 0 to ${max}, got ${JSON.stringify(record[field])}`,
      };
    load[key] = v;
  }
  return { ok: true, load };
}

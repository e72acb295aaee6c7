// One feed record → a flight_departure event. Records are first mapped onto our field names (A-CDM SOBT,
// AOBT, ATOT, …); a flight not yet off-block (or not yet airborne, with emitOn atot) is not an error, just not
// ready. The carrier defaults to the flight number's 2-character designator. ATOT is not part of the event.
import { type FlightDeparture, flightDepartureSchema } from '../../shared/events/flight-departure';
import { parseTimeInput } from '../common/devices/time-input';
import type { FlightDepartureConfig } from './config';

export type DepartureOutcome =
  | { kind: 'departure'; event: FlightDeparture; key: string }
  | { kind: 'not-ready'; key: string }
  | { kind: 'invalid'; reason: string };

/** The identity of a departure across polls and restarts. */
export const departureKey = (flightNo: string, sobt: number) => `${flightNo}|${new Date(sobt).toISOString()}`;

const text = (v: unknown) => (v === undefined ? '' : String(v).trim());
const num = (v: unknown, fallback: number) => {
  const s = text(v);
  return s === '' ? fallback : Number(s);
};

export function departureFrom(record: Record<string, unknown>, c: FlightDepartureConfig): DepartureOutcome {
  const flightNo = text(record.flight_no).replace(/\s+/g, '').toUpperCase();
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
  return { kind: 'departure', event: parsed.data, key };
}

// ICAO → IATA codes for airports (4 letters → 3) and airlines (3 letters → 2 characters), from the tables in
// codes/ (see codes/README.md for their source). AIDX feeds send either kind (CodeContext says which, and some
// senders mislabel it), so a code is taken by its shape: a 3-letter airport or 2-character airline is IATA
// already; a 4-letter airport or 3-letter airline is ICAO and looked up. An unknown code is an error naming it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../common/devices/csv';

export type CodeResult = { ok: true; iata: string } | { ok: false; reason: string };

function table(file: string): Map<string, string> {
  const { records } = parseCsvRecords(readFileSync(join(import.meta.dirname, 'codes', file), 'utf8'));
  return new Map(records.map(({ values }) => [values.icao!.trim(), values.iata!.trim()]));
}

let airports: Map<string, string> | undefined;
let airlines: Map<string, string> | undefined;

export function iataAirport(code: string): CodeResult {
  const c = code.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(c)) return { ok: true, iata: c };
  if (!/^[A-Z]{4}$/.test(c))
    return { ok: false, reason: `"${code}" is neither an IATA nor an ICAO airport code` };
  airports ??= table('airports.csv');
  const iata = airports.get(c);
  return iata
    ? { ok: true, iata }
    : {
        ok: false,
        reason: `unknown ICAO airport "${c}": add it to collectors/flight-departure/codes/airports.csv`,
      };
}

export function iataAirline(code: string): CodeResult {
  const c = code.trim().toUpperCase();
  if (/^[A-Z0-9]{2}$/.test(c)) return { ok: true, iata: c };
  if (!/^[A-Z]{3}$/.test(c))
    return { ok: false, reason: `"${code}" is neither an IATA nor an ICAO airline code` };
  airlines ??= table('airlines.csv');
  const iata = airlines.get(c);
  return iata
    ? { ok: true, iata }
    : {
        ok: false,
        reason: `unknown ICAO airline "${c}": add it to collectors/flight-departure/codes/airlines.csv`,
      };
}

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

const tables = new Map<string, Map<string, string>>();

interface CodeKind {
  what: 'airport' | 'airline';
  iata: RegExp;
  icao: RegExp;
  file: string;
}

const airport: CodeKind = { what: 'airport', iata: /^[A-Z]{3}$/, icao: /^[A-Z]{4}$/, file: 'airports.csv' };
const airline: CodeKind = {
  what: 'airline',
  iata: /^[A-Z0-9]{2}$/,
  icao: /^[A-Z]{3}$/,
  file: 'airlines.csv',
};

/** An IATA code as given, or the IATA code of an ICAO one from the kind's table. */
function toIata(code: string, k: CodeKind): CodeResult {
  const c = code.trim().toUpperCase();
  if (k.iata.test(c)) return { ok: true, iata: c };
  if (!k.icao.test(c))
    return { ok: false, reason: `"${code}" is neither an IATA nor an ICAO ${k.what} code` };
  let t = tables.get(k.file);
  if (!t) {
    t = table(k.file);
    tables.set(k.file, t);
  }
  const iata = t.get(c);
  return iata
    ? { ok: true, iata }
    : {
        ok: false,
        reason: `unknown ICAO ${k.what} "${c}": add it to collectors/flight-departure/codes/${k.file}`,
      };
}

export const iataAirport = (code: string): CodeResult => toIata(code, airport);
export const iataAirline = (code: string): CodeResult => toIata(code, airline);

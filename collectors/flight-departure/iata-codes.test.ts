// The ICAO → IATA tables cover the demo (its airports, the simulator's carriers and destinations), are well
// formed, and a code they lack is a clear error naming it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSites } from '../../shared/sites/default-sites';
import { parseCsvRecords } from '../common/devices/csv';
import { iataAirline, iataAirport } from './iata-codes';
import { destinations, fleets } from './routes';

const table = (file: string) =>
  parseCsvRecords(readFileSync(join(import.meta.dirname, 'codes', file), 'utf8')).records.map(
    (r) => r.values,
  );

describe('ICAO → IATA codes', () => {
  it('tables are well formed: one row per ICAO code, codes of the right shape', () => {
    const airports = table('airports.csv');
    const airlines = table('airlines.csv');
    expect(new Set(airports.map((a) => a.icao)).size).toBe(airports.length);
    expect(new Set(airlines.map((a) => a.icao)).size).toBe(airlines.length);
    for (const a of airports) expect(`${a.icao} ${a.iata}`).toMatch(/^[A-Z]{4} [A-Z]{3}$/);
    for (const a of airlines) expect(`${a.icao} ${a.iata}`).toMatch(/^[A-Z]{3} [A-Z0-9]{2}$/);
  });

  it('cover the demo: its airports, the simulated carriers and destinations', () => {
    const byIata = new Set(table('airports.csv').map((a) => a.iata));
    const demoAirports = defaultSites.flatMap((s) => (s.airport ? [s.airport] : []));
    for (const code of [...demoAirports, ...destinations]) expect(byIata, code).toContain(code);
    const carriers = new Set(table('airlines.csv').map((a) => a.iata));
    // The simulator's "SF" stands for SF Express's own flights; SF Airlines' IATA code is O3 (in the table), and
    // SF is another airline's code, so it has no row here.
    for (const [carrier] of fleets) if (carrier !== 'SF') expect(carriers, carrier).toContain(carrier);
  });

  it('turns ICAO codes into IATA ones, keeps IATA codes, and names a code it does not know', () => {
    expect(iataAirport('ZGGG')).toEqual({ ok: true, iata: 'CAN' });
    expect(iataAirport('zhec')).toEqual({ ok: true, iata: 'EHU' });
    expect(iataAirport('FRA')).toEqual({ ok: true, iata: 'FRA' });
    expect(iataAirline('CKK')).toEqual({ ok: true, iata: 'CK' });
    expect(iataAirline('O3')).toEqual({ ok: true, iata: 'O3' });
    expect(iataAirport('ZXXX')).toEqual({
      ok: false,
      reason: 'unknown ICAO airport "ZXXX": add it to collectors/flight-departure/codes/airports.csv',
    });
    expect(iataAirline('QQQ')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unknown ICAO airline "QQQ"'),
    });
    expect(iataAirport('Z1')).toMatchObject({
      ok: false,
      reason: '"Z1" is neither an IATA nor an ICAO airport code',
    });
  });
});

// `format: "aidx"` over a real socket: a fake AODB pushes IATA_AIDX_FlightLegNotifRQ messages to the running
// collector and the cargo terminal pushes its loads; both get the answer they wait for, departures and loads
// meet by flight number and local date, a repeat is sent once, a revised AOBT is sent as a revision, and a
// malformed message is answered with AIDX Errors, logged and counted — and the collector goes on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlightDeparture } from '../../shared/events/flight-departure';
import { waitFor } from '../common/testing/recording-server';
import { devicePost } from '../gate-scan/vendors/testing/fake-devices';
import { flightDepartureConfigSchema } from './config';
import { FlightDepartureCollector } from './flight-departure';
import { type AidxLeg, flightLegNotif, pushAidx } from './testing/fake-aidx-sender';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startFlights(
  cargo: { waitMinutes: number; holdMinutes?: number },
  dir?: string,
  maxBodyBytes?: number,
) {
  const stateDir = dir ?? mkdtempSync(join(tmpdir(), 'flights-aidx-'));
  if (!dir) cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const config = flightDepartureConfigSchema.parse({
    site: 'can-baiyun',
    airport: 'CAN',
    source: { listen: '127.0.0.1:0', ...(maxBodyBytes ? { maxBodyBytes } : {}) },
    format: 'aidx',
    stateFile: join(stateDir, 'state.json'),
    defaults: { capacityKg: 102000 },
    cargo: { source: { path: '/cargo' }, format: 'jsonl', ...cargo },
  });
  const events: FlightDeparture[] = [];
  const warnings: string[] = [];
  const collector = new FlightDepartureCollector(config, {
    configDir: stateDir,
    log: (_l, m) => void warnings.push(m),
  });
  await collector.start({ write: (e) => void events.push(...(e as FlightDeparture[])) });
  let stopped = false;
  const stop = async () => {
    if (!stopped) await collector.stop();
    stopped = true;
  };
  cleanups.push(stop);
  return { collector, url: collector.url!, events, warnings, stateDir, stop };
}

// CK221, SOBT 21:05 Shanghai time on 15 July 2025.
const ck221: AidxLeg = {
  airline: 'CKK',
  number: '221',
  from: 'ZGGG',
  to: 'EDDF',
  originDate: '2025-07-15',
  sobt: '2025-07-15T13:05:00Z',
  aobt: '2025-07-15T13:12:30Z',
};
const cargoLine = (flight: string, date: string, kg: number, parcels: number) =>
  `${JSON.stringify({ flight_no: flight, date, cargo_kg: kg, parcels })}\n`;
const pushCargo = (url: string, body: string) =>
  devicePost(`${url}/cargo`, body, { 'content-type': 'application/x-ndjson' });

describe('format "aidx" over a real socket', () => {
  it('answers FlightLegRS Success, joins the cargo load, stores a repeat once and sends a revised AOBT as a revision', async () => {
    const { url, events, collector } = await startFlights({ waitMinutes: 30 });
    const first = await pushAidx(`${url}/aidx`, flightLegNotif([ck221]));
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/xml/);
    expect(first.text).toContain('<IATA_AIDX_FlightLegRS');
    expect(first.text).toContain('<Success/>');
    expect(events).toEqual([]); // off-block, waiting for its load
    expect(collector.stats()).toMatchObject({ waitingForCargo: 1 });

    const load = await pushCargo(url, cargoLine('CK 221', '2025-07-15', 91840, 65600));
    expect([load.status, JSON.parse(load.text)]).toEqual([200, { accepted: 1, problems: [] }]);
    expect(events).toEqual([
      expect.objectContaining({
        flight_no: 'CK221',
        carrier: 'CK',
        destination: 'FRA',
        sobt: Date.parse(ck221.sobt),
        aobt: Date.parse(ck221.aobt!),
        time: Date.parse(ck221.aobt!),
        cargo_kg: 91840,
        parcels: 65600,
      }),
    ]);
    expect(events[0]!.revises_aobt).toBeUndefined();

    // The AODB sends the same message again (a retry): nothing new.
    expect((await pushAidx(`${url}/aidx`, flightLegNotif([ck221]))).status).toBe(200);
    expect(events).toHaveLength(1);
    expect(collector.stats()).toMatchObject({ repeats: 1, departures: 1 });

    // The AOBT is corrected later: sent again as a revision of the first, with its load kept.
    const revised = { ...ck221, aobt: '2025-07-15T13:21:00Z' };
    expect((await pushAidx(`${url}/aidx`, flightLegNotif([revised]))).status).toBe(200);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      flight_no: 'CK221',
      aobt: Date.parse(revised.aobt),
      time: Date.parse(revised.aobt),
      cargo_kg: 91840,
      parcels: 65600,
      revises_aobt: Date.parse(ck221.aobt!),
      revises_parcels: 65600,
    });
    expect(collector.stats()).toMatchObject({ revisions: 1, cargoJoined: 1 });
  });

  it('a departure waits for its load only so long; the late load revises it; a load that comes first waits for its departure', async () => {
    const { url, events, collector, warnings } = await startFlights({ waitMinutes: 0.005 }); // 300 ms
    await pushAidx(`${url}/aidx`, flightLegNotif([ck221]));
    await waitFor(() => events.length === 1, 'the departure, sent without its load after the wait');
    expect(events[0]).toMatchObject({ flight_no: 'CK221', cargo_kg: 0, parcels: 0 });
    expect(collector.stats()).toMatchObject({ cargoMissing: 1 });
    expect(warnings.join('\n')).toContain(
      'departure CK221 (SOBT 2025-07-15T13:05:00.000Z): no cargo load within',
    );

    await pushCargo(url, cargoLine('CK221', '2025-07-15', 91840, 65600));
    expect(events[1]).toMatchObject({
      cargo_kg: 91840,
      parcels: 65600,
      revises_aobt: events[0]!.aobt,
      revises_parcels: 0,
    });

    // CZ9599 leaves at 00:30 Shanghai time on the 16th: its load (dated the 16th) comes before it.
    await pushCargo(url, cargoLine('CZ9599', '2025-07-16', 80870, 74441));
    const cz: AidxLeg = {
      airline: 'CZ',
      number: '9599',
      from: 'CAN',
      to: 'ANC',
      originDate: '2025-07-16',
      sobt: '2025-07-15T16:30:00Z',
      aobt: '2025-07-15T16:41:00Z',
    };
    await pushAidx(`${url}/aidx`, flightLegNotif([cz]));
    expect(events[2]).toMatchObject({ flight_no: 'CZ9599', cargo_kg: 80870, parcels: 74441 });
    expect(events[2]!.revises_aobt).toBeUndefined();
  });

  it('a departure waiting for its load survives a restart', async () => {
    const run1 = await startFlights({ waitMinutes: 30 });
    await pushAidx(`${run1.url}/aidx`, flightLegNotif([ck221]));
    await run1.stop();
    const run2 = await startFlights({ waitMinutes: 30 }, run1.stateDir);
    await pushCargo(run2.url, cargoLine('CK221', '2025-07-15', 91840, 65600));
    expect(run2.events).toEqual([expect.objectContaining({ flight_no: 'CK221', cargo_kg: 91840 })]);
  });

  it('a malformed message gets AIDX Errors, a log line naming the feed and the sender, a count — and the next one is taken', async () => {
    const { url, events, collector, warnings } = await startFlights({ waitMinutes: 0 });
    const broken = await pushAidx(`${url}/aidx`, flightLegNotif([ck221]).slice(0, 400));
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('<IATA_AIDX_FlightLegRS');
    expect(broken.text).toMatch(/<Errors>\s*<Error Type="3">AIDX: not valid XML: line \d+, column \d+/);
    expect(collector.stats()).toMatchObject({ malformed: 1 });
    expect(warnings.join('\n')).toMatch(
      /departures feed 127\.0\.0\.1: malformed message refused: AIDX: not valid XML/,
    );

    const unknown = await pushAidx(
      `${url}/aidx`,
      flightLegNotif([ck221, { ...ck221, airline: 'XXQ', number: '1' }]),
    );
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain(
      '<Warning Type="3">FlightLeg 2 (XXQ1): Airline: unknown ICAO airline &quot;XXQ&quot;',
    );
    expect(events).toEqual([expect.objectContaining({ flight_no: 'CK221' })]);
    expect(collector.stats()).toMatchObject({ malformed: 1, unreadable: 1, departures: 1 });

    const badCargo = await pushCargo(url, '{"flight_no": "CK221", "date": "2025-07-15", "cargo_kg": 91840\n');
    expect([badCargo.status, JSON.parse(badCargo.text).problems]).toEqual([
      200,
      [expect.stringMatching(/^line 1: not JSON/)],
    ]);
  });

  it('a message over source.maxBodyBytes is refused with 413 and the collector goes on', async () => {
    const { url, events } = await startFlights({ waitMinutes: 0 }, undefined, 4096);
    const legs = Array.from({ length: 20 }, (_, i) => ({ ...ck221, number: String(300 + i) }));
    const big = flightLegNotif(legs);
    expect(Buffer.byteLength(big)).toBeGreaterThan(4096);
    expect((await pushAidx(`${url}/aidx`, big)).status).toBe(413);
    expect((await pushAidx(`${url}/aidx`, flightLegNotif([ck221]))).status).toBe(200);
    expect(events.map((e) => e.flight_no)).toEqual(['CK221']);
  });

  it('the aidx sample config is valid', () => {
    const sample = JSON.parse(
      readFileSync(join(import.meta.dirname, 'flight-departure-aidx.sample.json'), 'utf8'),
    );
    expect(flightDepartureConfigSchema.parse(sample)).toMatchObject({
      format: 'aidx',
      cargo: { waitMinutes: 30 },
    });
  });

  it('a hand-over the writer refuses is answered 503 with AIDX Errors and taken again when the sender retries', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'flights-aidx-'));
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
    const config = flightDepartureConfigSchema.parse({
      site: 'can-baiyun',
      airport: 'CAN',
      source: { listen: '127.0.0.1:0' },
      format: 'aidx',
      stateFile: join(stateDir, 'state.json'),
    });
    const events: FlightDeparture[] = [];
    let refuse = true;
    const collector = new FlightDepartureCollector(config, { configDir: stateDir, log: () => {} });
    await collector.start({
      write: (e) => {
        if (refuse) throw new Error('spool disk full');
        events.push(...(e as FlightDeparture[]));
      },
    });
    cleanups.push(() => collector.stop());
    const failed = await pushAidx(`${collector.url}/aidx`, flightLegNotif([ck221]));
    expect([failed.status, failed.text]).toEqual([
      503,
      expect.stringMatching(/<Errors>\s*<Error Type="3">not stored, send again: spool disk full</),
    ]);
    refuse = false;
    expect((await pushAidx(`${collector.url}/aidx`, flightLegNotif([ck221]))).status).toBe(200);
    expect(events).toEqual([expect.objectContaining({ flight_no: 'CK221' })]);
    expect(collector.stats()).toMatchObject({ repeats: 0 }); // decided again, not taken for a repeat
  });
});

// The flight-departure collector against a real HTTP feed and a tailed file: each departure reported once
// across polls and restarts, late AOBTs picked up, a failing feed survived, appended and partial lines.
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { type RecordingServer, startRecordingServer, waitFor } from '../common/testing/recording-server';
import { flightDepartureConfigSchema } from './config';
import { FlightDepartureCollector } from './flight-departure';

let server: RecordingServer | undefined;
let collector: FlightDepartureCollector | undefined;
afterEach(async () => {
  await collector?.stop();
  await server?.close();
  collector = server = undefined;
});

const dir = () => mkdtempSync(join(tmpdir(), 'portpulse-fd-'));
const flight = (no: string, aobt?: string) => ({
  flight_no: no,
  destination: 'FRA',
  sobt: '2025-07-15T13:05:00Z',
  ...(aobt ? { aobt } : {}),
  cargo_kg: 50_000,
});

async function start(configDir: string, config: Record<string, unknown>) {
  const events: PortEvent[] = [];
  const parsed = flightDepartureConfigSchema.parse({
    site: 'can-baiyun',
    airport: 'CAN',
    pollSeconds: 0.05,
    ...config,
  });
  collector = new FlightDepartureCollector(parsed, { configDir, log: () => {} });
  await collector.start({ write: (e) => void events.push(...e) });
  return events;
}

describe('flight-departure collector', () => {
  it('reports each departure once across polls and restarts, and picks up a late AOBT', async () => {
    let feed = [flight('CK221', '2025-07-15T13:12:00Z'), flight('CZ9599')];
    let status = 200;
    server = await startRecordingServer(() => ({ status, body: JSON.stringify(feed) }));
    const config = { source: { url: server.url }, format: 'json' };
    const state = dir();
    let events = await start(state, config);
    await waitFor(() => Number(collector!.stats().polls) >= 3, 'a few polls');
    expect(events.map((e) => 'flight_no' in e && e.flight_no)).toEqual(['CK221']);
    status = 500;
    await waitFor(() => collector!.problem() !== undefined, 'the failing feed to show');
    status = 200;
    feed = [flight('CK221', '2025-07-15T13:12:00Z'), flight('CZ9599', '2025-07-15T13:40:00Z')];
    await waitFor(() => events.length === 2, 'the late departure');
    expect(collector!.problem()).toBeUndefined();
    await collector!.stop();

    events = await start(state, config); // a restart on the same state file
    await waitFor(() => Number(collector!.stats().polls) >= 3, 'polls after the restart');
    expect(events).toEqual([]);
    expect(collector!.stats()).toMatchObject({ repeats: expect.any(Number), remembered: 2 });
  });

  it('tails a CSV file: only appended complete lines, and from the start after a rotation', async () => {
    const d = dir();
    const file = join(d, 'departures.csv');
    writeFileSync(
      file,
      'flight_no,destination,sobt,aobt,cargo_kg\nCK221,FRA,2025-07-15T13:05:00Z,2025-07-15T13:12:00Z,1000\n',
    );
    const events = await start(d, { source: { file: 'departures.csv', tail: true }, format: 'csv' });
    await waitFor(() => events.length === 1, 'the first row');
    appendFileSync(file, 'CZ9599,ANC,2025-07-15T13:30:00Z,2025-07-15T13:41:00Z,2000\nCA1041,AM');
    await waitFor(() => events.length === 2, 'the appended row');
    await new Promise((r) => setTimeout(r, 150));
    expect(events).toHaveLength(2); // the partial line waits for its end
    appendFileSync(file, 'S,2025-07-15T14:00:00Z,2025-07-15T14:05:00Z,3000\n');
    await waitFor(() => events.length === 3, 'the completed row');
    writeFileSync(
      file,
      'flight_no,destination,sobt,aobt,cargo_kg\nMU7001,LAX,2025-07-16T01:00:00Z,2025-07-16T01:09:00Z,4000\n',
    );
    await waitFor(() => events.length === 4, 'the row of the rotated file');
    expect(events.map((e) => 'flight_no' in e && e.flight_no)).toEqual([
      'CK221',
      'CZ9599',
      'CA1041',
      'MU7001',
    ]);
  });

  it('hands a departure and its correction in one batch over in the desk order: the original first', async () => {
    const d = dir();
    // One read holds CK221 twice: first reported 13:30, corrected to an earlier 13:12 (a revision).
    writeFileSync(
      join(d, 'departures.json'),
      JSON.stringify([flight('CK221', '2025-07-15T13:30:00Z'), flight('CK221', '2025-07-15T13:12:00Z')]),
    );
    const events = await start(d, { source: { file: 'departures.json' }, format: 'json' });
    await waitFor(() => events.length === 2, 'the departure and its revision');
    const [first, second] = events as Extract<PortEvent, { measurement: 'flight_departure' }>[];
    expect(first!.revises_aobt).toBeUndefined();
    expect(second!.revises_aobt).toBe(first!.aobt);
    expect(second!.aobt).toBeLessThan(first!.aobt);
  });

  it('counts a departure once when the writer refused its first hand-over', async () => {
    const d = dir();
    writeFileSync(join(d, 'departures.json'), JSON.stringify([flight('CK221', '2025-07-15T13:12:00Z')]));
    const events: PortEvent[] = [];
    let refusals = 0;
    const parsed = flightDepartureConfigSchema.parse({
      site: 'can-baiyun',
      airport: 'CAN',
      pollSeconds: 0.05,
      source: { file: 'departures.json' },
      format: 'json',
    });
    collector = new FlightDepartureCollector(parsed, { configDir: d, log: () => {} });
    await collector.start({
      write: (e) => {
        if (refusals++ === 0) throw new Error('spool full');
        events.push(...e);
      },
    });
    await waitFor(() => events.length === 1, 'the departure after the refusal');
    await waitFor(() => Number(collector!.stats().polls) >= 4, 'a few more polls');
    expect(collector!.stats()).toMatchObject({ departures: 1, revisions: 0 });
  });
});

// The departures board shows a departure once, as last revised: a revision (the flights collector's corrected
// AOBT or late cargo load) replaces the row it revises, whichever arrives first (a snapshot holds both).
import { describe, expect, it } from 'vitest';
import type { FlightDeparture } from '../../shared/events/flight-departure';
import { flightDeparture } from '../../shared/events/testing/event-builders';
import { RecentEvents } from './event-list';

const T0 = Date.UTC(2026, 10, 23, 8);
const MIN = 60_000;
const sobt = T0 - 30 * MIN;
const first = flightDeparture({
  site: 's',
  flight_no: 'CK221',
  sobt,
  time: sobt + 20 * MIN,
  aobt: sobt + 20 * MIN,
  parcels: 0,
});
const revised = (of: FlightDeparture, aobt: number, parcels: number) =>
  flightDeparture({ ...of, time: aobt, aobt, parcels, revises_aobt: of.aobt, revises_parcels: of.parcels });
const second = revised(first, sobt + 6 * MIN, 1200);
const third = revised(second, sobt + 7 * MIN, 1200);
const other = flightDeparture({
  site: 's',
  flight_no: 'CZ9599',
  sobt,
  time: sobt + 2 * MIN,
  aobt: sobt + 2 * MIN,
});

const rows = (r: RecentEvents) =>
  r.list('flight_departure').map((e) => `${e.flight_no} ${(e.aobt - sobt) / MIN}`);

describe('revised departures on the board', () => {
  it('replace the row they revise, in arrival order or not', () => {
    const inOrder = new RecentEvents();
    inOrder.add([first, other]);
    inOrder.add([second]);
    inOrder.add([third]);
    expect(rows(inOrder)).toEqual(['CK221 7', 'CZ9599 2']);

    const snapshot = new RecentEvents();
    snapshot.replace([third, other, first, second]);
    expect(rows(snapshot)).toEqual(['CK221 7', 'CZ9599 2']);
  });
});

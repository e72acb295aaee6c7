// Boards show the newest events of each kind, whatever order they arrive in, and never grow without bound.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { RecentEvents } from './event-list';

const T0 = Date.UTC(2026, 10, 23, 8);
const HOUR_S = 3600;

function weighing(sec: number, plate = `P${sec}`): PortEvent {
  return {
    measurement: 'weighbridge',
    time: T0 + sec * 1000,
    site: 's',
    bridge: 'b1',
    direction: 'in',
    plate,
    axles: 5,
    gross_kg: 40_000,
    tare_kg: 15_000,
    net_kg: 25_000,
    rated_payload_kg: 30_000,
    stable: true,
  };
}

function departure(sec: number): PortEvent {
  const time = T0 + sec * 1000;
  return {
    measurement: 'flight_departure',
    time,
    site: 's',
    airport: 'CAN',
    carrier: 'CZ',
    destination: 'LAX',
    flight_no: `CZ${sec}`,
    sobt: time - 60_000,
    aobt: time,
    cargo_kg: 1000,
    capacity_kg: 2000,
    parcels: 10,
  };
}

const seconds = (list: readonly PortEvent[]) => list.map((e) => (e.time - T0) / 1000);

describe('RecentEvents', () => {
  it('keeps each kind apart, newest first, even when late events arrive after newer ones', () => {
    const r = new RecentEvents(10);
    r.add([weighing(1), departure(5), weighing(3)]);
    r.add([weighing(2)]);
    expect(seconds(r.list('weighbridge'))).toEqual([3, 2, 1]);
    expect(r.list('flight_departure').map((e) => e.flight_no)).toEqual(['CZ5']);
    expect(r.list('gate_scan')).toEqual([]);
    expect(r.newestTime()).toBe(T0 + 5000);
  });

  it('is bounded per kind: a busy weighbridge does not push departures out', () => {
    const r = new RecentEvents(3);
    r.add([departure(0)]);
    r.add(Array.from({ length: 100 }, (_, i) => weighing(i + 1)));
    expect(seconds(r.list('weighbridge'))).toEqual([100, 99, 98]);
    expect(r.add([weighing(50)])).toBe(0);
    expect(r.list('flight_departure')).toHaveLength(1);
  });

  it('drops events older than a day before the newest time seen, also when only the server clock moves', () => {
    const r = new RecentEvents(50, 24 * HOUR_S * 1000);
    r.add([departure(0), weighing(10), weighing(3 * HOUR_S)]);
    expect(r.list('flight_departure')).toHaveLength(1);
    // A weighing 24 h + 20 s after the departure: the departure and the first weighing fall out.
    r.add([weighing(24 * HOUR_S + 20)]);
    expect(r.list('flight_departure')).toEqual([]);
    expect(seconds(r.list('weighbridge'))).toEqual([24 * HOUR_S + 20, 3 * HOUR_S]);
    // A late event already older than the limit is not taken at all.
    expect(r.add([weighing(15)])).toBe(0);
    // A quiet site: nothing new arrives, but the server's clock (status messages) moves on.
    const rev = r.revision;
    expect(r.observeTime(T0 + (27 * HOUR_S + 1) * 1000)).toBe(true);
    expect(seconds(r.list('weighbridge'))).toEqual([24 * HOUR_S + 20]);
    expect(r.revision).toBeGreaterThan(rev);
    expect(r.observeTime(T0)).toBe(false); // the clock never goes back
    expect(r.list('weighbridge')).toHaveLength(1);
  });

  it('replaces its contents with a snapshot and counts revisions for redraws', () => {
    const r = new RecentEvents(10);
    r.add([weighing(1, 'OLD')]);
    const rev = r.revision;
    r.replace([weighing(2, 'NEW')]);
    expect(r.list('weighbridge').map((e) => e.plate)).toEqual(['NEW']);
    expect(r.revision).toBeGreaterThan(rev);
  });
});

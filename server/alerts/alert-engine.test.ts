// Alerts from events and from the clock: one alert per condition, cleared when it ends, thresholds honoured.
import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import { flightDeparture, gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import type { Alert } from '../../shared/live/alerts';
import { RollingKpis } from '../kpis/rolling-kpis';
import { AlertEngine } from './alert-engine';
import { defaultThresholds } from './alert-rules';

const T0 = Date.UTC(2026, 10, 23, 8);
const MIN = 60_000;

function setup(thresholds = defaultThresholds) {
  const clock = { now: T0 };
  const kpis = new RollingKpis(['s1']);
  const engine = new AlertEngine({ sites: ['s1'], kpis, thresholds, now: () => clock.now });
  const feed = (...events: PortEvent[]) => {
    const accepted = events.map((event, seq) => ({ seq, point: {} as never, event }));
    kpis.onEvents(accepted);
    engine.onEvents(accepted, 'live');
  };
  const tick = (ms: number) => {
    clock.now += ms;
    engine.evaluate(clock.now);
    return [...engine.drainChanges().values()].flat();
  };
  return { clock, engine, feed, tick, active: () => engine.snapshot('s1').active };
}

const weigh = (plate: string, gross: number, axles: number, time: number): PortEvent =>
  weighbridgeReading({
    time,
    site: 's1',
    plate,
    axles,
    gross_kg: gross,
    tare_kg: 10_000,
    net_kg: gross - 10_000,
    rated_payload_kg: 20_000,
  });
const scan = (time: number, processing_ms: number): PortEvent =>
  gateScan({ time, site: 's1', plate: '浙A00001', processing_ms, parcels: 10 });
const depart = (flight: string, delayMin: number, aobt: number): PortEvent =>
  flightDeparture({
    time: aobt,
    site: 's1',
    destination: 'LAX',
    flight_no: flight,
    sobt: aobt - delayMin * MIN,
    aobt,
    cargo_kg: 1000,
    capacity_kg: 2000,
    parcels: 10,
  });
const kinds = (alerts: Alert[]) => alerts.map((a) => `${a.kind}${a.clearedAt === null ? '' : ' cleared'}`);

describe('AlertEngine', () => {
  it('raises an overweight truck once with plate, axles, gross and the legal limit', () => {
    const { feed, tick, active } = setup();
    feed(weigh('浙A12345', 27_000, 3, T0 - 1000), weigh('浙B00001', 18_000, 2, T0 - 1000));
    expect(tick(1000)).toMatchObject([
      { kind: 'overweight', plate: '浙A12345', axles: 3, grossKg: 27_000, limitKg: 25_000, clearedAt: null },
    ]);
    feed(weigh('浙A12345', 27_000, 3, T0 - 1000)); // the same reading again (a retry)
    expect(tick(1000)).toEqual([]);
    feed(weigh('浙A12345', 24_000, 3, T0 + 1000)); // weighed again after unloading
    expect(kinds(tick(1000))).toEqual(['overweight cleared']);
    expect(active()).toEqual([]);
  });

  it('clears truck and flight alerts after the hold time', () => {
    const { feed, tick } = setup({ ...defaultThresholds, silentSeconds: 3600 });
    feed(weigh('浙A12345', 50_000, 6, T0), depart('CZ1', 20, T0));
    expect(kinds(tick(1000)).sort()).toEqual(['departure_delay', 'overweight']);
    expect(tick(defaultThresholds.holdMinutes * MIN - 2000)).toEqual([]);
    expect(kinds(tick(2000)).sort()).toEqual(['departure_delay cleared', 'overweight cleared']);
  });

  it('flags departures delayed 15 min or more, not 14.9', () => {
    const { feed, tick } = setup();
    feed(depart('CZ1', 14.9, T0), depart('CZ2', 15, T0), depart('CZ3', 75, T0));
    expect(tick(1000)).toMatchObject([
      { flightNo: 'CZ2', delayMinutes: 15, severity: 'warning' },
      { flightNo: 'CZ3', delayMinutes: 75, severity: 'critical' },
    ]);
  });

  it('raises the gate SLA alert below the threshold and clears it only above threshold + hysteresis', () => {
    const { feed, tick, active } = setup();
    const slow = Array.from({ length: 30 }, (_, i) => scan(T0 - i * 1000, i < 24 ? 4000 : 15_000)); // 80 %
    feed(...slow);
    expect(tick(1000)).toMatchObject([{ kind: 'gate_sla', share: 0.8, scans: 30, severity: 'warning' }]);
    feed(...Array.from({ length: 25 }, (_, i) => scan(T0 + i, 4000))); // 49/55 = 89 %: still below
    expect(tick(1000)).toEqual([]); // no repeat every second
    feed(...Array.from({ length: 10 }, (_, i) => scan(T0 + 100 + i, 4000))); // 59/65 = 90.8 %: in the band
    expect(tick(1000)).toEqual([]);
    expect(active()).toHaveLength(1);
    feed(...Array.from({ length: 20 }, (_, i) => scan(T0 + 200 + i, 4000))); // 79/85 = 92.9 %
    expect(kinds(tick(1000))).toEqual(['gate_sla cleared']);
  });

  it('ignores a breach on too few scans', () => {
    const { feed, tick } = setup();
    feed(...Array.from({ length: 5 }, (_, i) => scan(T0 - i, 20_000)));
    expect(tick(1000)).toEqual([]);
  });

  it('flags a silent collector, then the whole site, and clears when data comes back', () => {
    const { feed, tick, clock } = setup({ ...defaultThresholds, silentSeconds: 60 });
    feed(weigh('浙B1', 10_000, 2, T0 - 1000));
    clock.now += 50_000;
    feed(scan(clock.now - 3_600_000, 4000)); // a backlog from an hour ago still says the gate collector is alive
    expect(tick(12_000)).toMatchObject([
      { kind: 'silent', source: 'weighbridge', severity: 'warning', limitSeconds: 60, lastEventAt: T0 },
    ]);
    expect(kinds(tick(60_000)).sort()).toEqual(['silent', 'silent cleared']); // now the site as a whole
    expect(tick(1000)).toEqual([]);
    feed(scan(clock.now, 4000), weigh('浙B1', 10_000, 2, clock.now));
    expect(kinds(tick(1000))).toEqual(['silent cleared']);
  });

  it('after a restart, judges replayed events by their own time: a collector dead before it is flagged at once', () => {
    const { engine, tick, clock } = setup({ ...defaultThresholds, silentSeconds: 60 });
    const replay = (...events: PortEvent[]) =>
      engine.onEvents(
        events.map((event, seq) => ({ seq, point: {} as never, event })),
        'replay',
      );
    // The log holds a weighbridge reading from 10 minutes ago and gate scans up to 5 s ago.
    replay(
      weigh('浙B1', 10_000, 2, clock.now - 10 * MIN),
      scan(clock.now - 20_000, 4000),
      scan(clock.now - 5000, 4000),
    );
    expect(tick(1000)).toMatchObject([
      { kind: 'silent', source: 'weighbridge', lastEventAt: T0 - 10 * MIN, limitSeconds: 60 },
    ]);
    expect(tick(30_000)).toEqual([]); // the gate collector is judged from its newest event, 5 s before the restart
  });
});

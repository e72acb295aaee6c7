import { describe, expect, it } from 'vitest';
import type { PortEvent } from '../../shared/events/event';
import type { GateScan } from '../../shared/events/gate-scan';
import { flightDeparture, gateScan, weighbridgeReading } from '../../shared/events/testing/event-builders';
import { binOf, binValue } from './latency-histogram';
import { SiteKpis } from './site-kpis';

const NOW = Date.UTC(2026, 10, 23, 8, 0, 0);
const MIN = 60_000;

function scan(over: Partial<GateScan> = {}): PortEvent {
  return gateScan({ time: NOW - 1000, site: 's1', ...over });
}

function weigh(gross: number, axles: number, time = NOW - MIN, stable = true): PortEvent {
  return weighbridgeReading({
    time,
    site: 's1',
    bridge: 'b1',
    plate: '浙A12345',
    axles,
    gross_kg: gross,
    tare_kg: 8000,
    net_kg: gross - 8000,
    rated_payload_kg: 20000,
    stable,
  });
}

function depart(delayMin: number, time = NOW - 3_600_000): PortEvent {
  return flightDeparture({
    time,
    site: 's1',
    destination: 'LAX',
    flight_no: 'CZ8401',
    sobt: time - delayMin * MIN,
    aobt: time,
    cargo_kg: 50000,
    parcels: 3000,
  });
}

describe('SiteKpis', () => {
  it('reports no data as null, never as 0, for ratio and percentile KPIs', () => {
    const row = new SiteKpis().row(NOW);
    expect(row.sla_share).toBeNull();
    expect(row.processing_p50_ms).toBeNull();
    expect(row.load_rate_1h).toBeNull();
    expect(row.on_time_share_24h).toBeNull();
    expect(row.vehicles_in_per_min).toBeNull();
    expect(row.departures_24h).toBeNull();
    expect(row.staff_on_site).toBeNull();
    expect(row.overweight_24h).toBeNull();
  });

  it('reports 0 (not null) for an active gate that is idle right now', () => {
    const k = new SiteKpis();
    k.add(scan({ time: NOW - 3_600_000 }));
    const row = k.row(NOW);
    expect(row.vehicles_in_per_min).toBe(0);
    expect(row.departures_24h).toBeNull();
  });

  it('counts released vehicles per direction and their parcels over the last minute only', () => {
    const k = new SiteKpis();
    k.add(scan());
    k.add(scan({ direction: 'out' }));
    k.add(scan({ result: 'held' }));
    k.add(scan({ time: NOW - 2 * MIN }));
    k.add(depart(0, NOW - 2000)); // a flight's 3,000 parcels are not gate flow
    const row = k.row(NOW);
    expect(row.vehicles_in_per_min).toBe(1);
    expect(row.vehicles_out_per_min).toBe(1);
    expect(row.parcels_per_min).toBe(200);
    expect(row.departures_24h).toBe(1);
  });

  it('computes the 10 s SLA share over all vehicle scans and percentiles within 5 %', () => {
    const k = new SiteKpis();
    for (let i = 1; i <= 100; i++)
      k.add(scan({ processing_ms: i * 200, result: i % 10 === 0 ? 'held' : 'released' }));
    const row = k.row(NOW);
    expect(row.sla_share).toBeCloseTo(50 / 100);
    expect(row.processing_p50_ms! / 10_000).toBeGreaterThan(0.95);
    expect(row.processing_p50_ms! / 10_000).toBeLessThan(1.05);
    expect(row.processing_p95_ms! / 19_000).toBeGreaterThan(0.95);
    expect(row.processing_p95_ms! / 19_000).toBeLessThan(1.05);
  });

  it('tracks staff on site from their last released scan', () => {
    const k = new SiteKpis();
    const staff = (badge: string, direction: 'in' | 'out', time: number) =>
      scan({ subject: 'staff', badge, plate: '', parcels: 0, direction, time });
    k.add(staff('B1', 'in', NOW - 3 * 3_600_000));
    k.add(staff('B2', 'in', NOW - 2 * 3_600_000));
    k.add(staff('B2', 'out', NOW - 3_600_000));
    k.add(staff('B3', 'in', NOW - 25 * 3_600_000)); // forgotten after 24 h
    expect(k.row(NOW).staff_on_site).toBe(1);
  });

  it('derives load rate over stable readings and counts overweight trucks by GB 1589', () => {
    const k = new SiteKpis();
    k.add(weigh(18_000, 2)); // at the 2-axle limit: legal
    k.add(weigh(26_000, 3)); // above 25 t
    k.add(weigh(40_000, 2, NOW - MIN, false)); // unstable: ignored
    const row = k.row(NOW);
    expect(row.load_rate_1h).toBeCloseTo((10_000 + 18_000) / 40_000);
    expect(row.overweight_24h).toBe(1);
  });

  it('computes departures and on-time share (AOBT − SOBT < 15 min) over 24 h', () => {
    const k = new SiteKpis();
    k.add(depart(5));
    k.add(depart(14.9));
    k.add(depart(15));
    k.add(depart(0, NOW - 25 * 3_600_000));
    const row = k.row(NOW);
    expect(row.departures_24h).toBe(3);
    expect(row.on_time_share_24h).toBeCloseTo(2 / 3);
  });
});

describe('latency histogram bins', () => {
  it('represent a value within 5 %', () => {
    for (const v of [150, 999, 4000, 9999, 10_000, 65_000, 600_000]) {
      expect(Math.abs(binValue(binOf(v)) - v) / v).toBeLessThan(0.05);
    }
  });
});

// One event of each measurement with every field filled, for tests that change only what they are about.
import type { FlightDeparture } from '../flight-departure';
import type { GateScan } from '../gate-scan';
import type { Weighbridge } from '../weighbridge';

type Base<E extends { time: number; site: string }> = Partial<E> & Pick<E, 'time' | 'site'>;

/** A released vehicle gate scan, 4 s processing. */
export function gateScan(over: Base<GateScan>): GateScan {
  return {
    measurement: 'gate_scan',
    gate: 'g1',
    lane: 'l1',
    direction: 'in',
    subject: 'vehicle',
    result: 'released',
    rural: false,
    plate: '浙A12345',
    badge: '',
    processing_ms: 4000,
    parcels: 100,
    ...over,
  };
}

/** A stable inbound reading of a 3-axle truck, 17 t net on a 16 t rated payload. */
export function weighbridgeReading(over: Base<Weighbridge>): Weighbridge {
  return {
    measurement: 'weighbridge',
    bridge: 'wb1',
    direction: 'in',
    plate: '浙G1',
    axles: 3,
    gross_kg: 26_000,
    tare_kg: 9000,
    net_kg: 17_000,
    rated_payload_kg: 16_000,
    stable: true,
    ...over,
  };
}

/** A CZ cargo flight Guangzhou → Frankfurt, off-block 10 minutes after its scheduled time. */
export function flightDeparture(over: Base<FlightDeparture>): FlightDeparture {
  return {
    measurement: 'flight_departure',
    airport: 'CAN',
    carrier: 'CZ',
    destination: 'FRA',
    flight_no: 'CZ7777',
    sobt: over.time - 600_000,
    aobt: over.time,
    cargo_kg: 48_000,
    capacity_kg: 60_000,
    parcels: 5200,
    ...over,
  };
}

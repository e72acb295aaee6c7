// The union of all portpulse events, and the registry of their wire layouts.
import { z } from 'zod';
import type { MeasurementLayout } from './common';
import { flightDepartureLayout, flightDepartureRules, flightDepartureSchema } from './flight-departure';
import { gateScanLayout, gateScanRules, gateScanSchema } from './gate-scan';
import { weighbridgeLayout, weighbridgeRules, weighbridgeSchema } from './weighbridge';

export const eventSchema = z.discriminatedUnion('measurement', [
  gateScanSchema,
  weighbridgeSchema,
  flightDepartureSchema,
]);
export type PortEvent = z.output<typeof eventSchema>;
export type PortEventInput = z.input<typeof eventSchema>;
export type Measurement = PortEvent['measurement'];

export const measurements = ['gate_scan', 'weighbridge', 'flight_departure'] as const satisfies Measurement[];

export const layouts: Record<Measurement, MeasurementLayout> = {
  gate_scan: gateScanLayout,
  weighbridge: weighbridgeLayout,
  flight_departure: flightDepartureLayout,
};

export const schemas = {
  gate_scan: gateScanSchema,
  weighbridge: weighbridgeSchema,
  flight_departure: flightDepartureSchema,
} as const;

/** The cross-key rules each schema refines with (for the compiled checks of compiled-schema.ts). */
export const rules = {
  gate_scan: gateScanRules,
  weighbridge: weighbridgeRules,
  flight_departure: flightDepartureRules,
} as const;

export function isMeasurement(name: string): name is Measurement {
  // Own keys only: `in` would accept "__proto__" or "constructor" (found by fuzz/, a 500 before the fix).
  return Object.hasOwn(layouts, name);
}

// flight_departure: a cargo flight going off-block (A-CDM AOBT) against its schedule (SOBT).
import { z } from 'zod';
import {
  deviceTextSchema,
  eventTimeSchema,
  idSchema,
  type MeasurementLayout,
  type RuleContext,
} from './common';

/** A-CDM: a departure is on time when AOBT − SOBT < 15 minutes. */
export const ON_TIME_LIMIT_MS = 15 * 60_000;

export const flightDepartureLayout = {
  site: 'tag',
  airport: 'tag',
  carrier: 'tag',
  destination: 'tag',
  flight_no: 'string',
  sobt: 'integer',
  aobt: 'integer',
  cargo_kg: 'float',
  capacity_kg: 'float',
  parcels: 'integer',
} satisfies MeasurementLayout;

const iata = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter IATA airport code');

const flightDepartureObject = z.object({
  measurement: z.literal('flight_departure'),
  time: eventTimeSchema,
  site: idSchema,
  airport: iata,
  carrier: z.string().regex(/^[A-Z0-9]{2,3}$/, 'expected an IATA/ICAO carrier code'),
  destination: iata,
  flight_no: deviceTextSchema(12).min(2),
  sobt: eventTimeSchema,
  aobt: eventTimeSchema,
  cargo_kg: z.number().min(0).max(200_000),
  capacity_kg: z.number().min(0).max(200_000),
  parcels: z.number().int().min(0).max(10_000_000),
});

/** The rules across keys (exported for the compiled checker; the schema below applies them). */
export function flightDepartureRules(e: z.output<typeof flightDepartureObject>, ctx: RuleContext): void {
  if (Math.abs(e.time - e.aobt) > 1000)
    ctx.addIssue({ code: 'custom', path: ['aobt'], message: 'the event timestamp must be the AOBT' });
}

export const flightDepartureSchema = flightDepartureObject.superRefine(flightDepartureRules);
export type FlightDeparture = z.output<typeof flightDepartureSchema>;

export function delayMinutes(e: Pick<FlightDeparture, 'sobt' | 'aobt'>): number {
  return (e.aobt - e.sobt) / 60_000;
}

export function isOnTime(e: Pick<FlightDeparture, 'sobt' | 'aobt'>): boolean {
  return e.aobt - e.sobt < ON_TIME_LIMIT_MS;
}

// flight_departure: a cargo flight going off-block (A-CDM AOBT) against its schedule (SOBT). A departure
// corrected after it was reported (a revised AOBT, a late cargo load) is sent again with `revises_aobt` and
// `revises_parcels`: the AOBT and parcels it was reported with, so the indices take the earlier version out
// and count the departure once, as revised (see revisedVersion).
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
  revises_aobt: 'integer',
  revises_parcels: 'integer',
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
  /** A revision: the AOBT this departure (same flight_no and sobt) was reported with before. */
  revises_aobt: eventTimeSchema.optional(),
  /** A revision: the parcels it was reported with before. */
  revises_parcels: z.number().int().min(0).max(10_000_000).optional(),
});

/** The rules across keys (exported for the compiled checker; the schema below applies them). */
export function flightDepartureRules(e: z.output<typeof flightDepartureObject>, ctx: RuleContext): void {
  if (Math.abs(e.time - e.aobt) > 1000)
    ctx.addIssue({ code: 'custom', path: ['aobt'], message: 'the event timestamp must be the AOBT' });
  if ((e.revises_aobt === undefined) !== (e.revises_parcels === undefined))
    ctx.addIssue({
      code: 'custom',
      path: [e.revises_aobt === undefined ? 'revises_aobt' : 'revises_parcels'],
      message: 'a revision gives both revises_aobt and revises_parcels',
    });
}

export const flightDepartureSchema = flightDepartureObject.superRefine(flightDepartureRules);
export type FlightDeparture = z.output<typeof flightDepartureSchema>;

export function delayMinutes(e: Pick<FlightDeparture, 'sobt' | 'aobt'>): number {
  return (e.aobt - e.sobt) / 60_000;
}

export function isOnTime(e: Pick<FlightDeparture, 'sobt' | 'aobt'>): boolean {
  return e.aobt - e.sobt < ON_TIME_LIMIT_MS;
}

/**
 * The version a revision replaces, as it was counted (its AOBT, parcels and punctuality), or undefined for a
 * departure reported for the first time. Rollups and live KPIs take it out before adding the revision.
 */
export function revisedVersion(
  e: FlightDeparture,
): Pick<FlightDeparture, 'time' | 'sobt' | 'aobt' | 'parcels'> | undefined {
  if (e.revises_aobt === undefined || e.revises_parcels === undefined) return undefined;
  return { time: e.revises_aobt, sobt: e.sobt, aobt: e.revises_aobt, parcels: e.revises_parcels };
}

/** Whether `a` is a revision of the version `b` (same site, flight and SOBT; revises b's AOBT and parcels). */
export function isRevisionOf(a: FlightDeparture, b: FlightDeparture): boolean {
  const earlier = revisedVersion(a);
  return (
    earlier !== undefined &&
    earlier.aobt === b.aobt &&
    earlier.parcels === b.parcels &&
    a.flight_no === b.flight_no &&
    a.sobt === b.sobt &&
    a.site === b.site
  );
}

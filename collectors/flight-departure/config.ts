// The flight-departure collector's config file (JSON, validated at start-up; see README.md and
// flight-departure.sample.json).
import { z } from 'zod';
import { idSchema } from '../../shared/events/common';
import { fieldMappingSchema, jsonPointerSchema } from '../common/devices/field-mapping';
import { utcOffsetSchema } from '../common/devices/time-input';
import { collectorConfig, httpUrlSchema } from '../common/runner/runner-config';

export const departureFields = [
  'flight_no',
  'sobt',
  'aobt',
  'atot',
  'destination',
  'carrier',
  'cargo_kg',
  'capacity_kg',
  'parcels',
] as const;

const sourceSchema = z
  .strictObject({
    url: httpUrlSchema.optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** A file (relative to the config file) re-read every poll, or with tail only its new lines. */
    file: z.string().min(1).optional(),
    tail: z.boolean().default(false),
  })
  .refine((s) => (s.url === undefined) !== (s.file === undefined), 'give either url or file')
  .refine((s) => !(s.tail && s.url), { message: 'tail is for files', path: ['tail'] });

export const flightDepartureConfigSchema = collectorConfig({
  site: idSchema,
  airport: z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter IATA airport code'),
  source: sourceSchema,
  /** json: an array (at `items`); jsonl: one departure per line; csv: a header row, then one per row. */
  format: z.enum(['json', 'jsonl', 'csv']),
  items: jsonPointerSchema.default(''),
  /** Vendor names: JSON Pointers (json, jsonl) or column names (csv) per field; default our names. */
  mapping: fieldMappingSchema.prefault({}),
  pollSeconds: z.number().positive().max(86_400).default(60),
  requestTimeoutSeconds: z.number().positive().max(600).default(10),
  /** aobt: report a flight when it goes off-block; atot: only once it has taken off. */
  emitOn: z.enum(['aobt', 'atot']).default('aobt'),
  /** Departures already reported and the tail position, across restarts (relative to the config file). */
  stateFile: z.string().min(1).default('flight-departure.state.json'),
  /** How long a reported departure is remembered: SOBTs this far behind the newest one seen. */
  retainDays: z.number().positive().max(365).default(3),
  timeOffset: utcOffsetSchema,
  defaults: z
    .strictObject({
      capacityKg: z.number().min(0).max(200_000).default(0),
      parcels: z.number().int().min(0).default(0),
    })
    .prefault({}),
}).superRefine((c, ctx) => {
  if (c.source.tail && c.format === 'json')
    ctx.addIssue({
      code: 'custom',
      path: ['source', 'tail'],
      message: 'tail needs format jsonl or csv (a JSON array cannot grow by lines)',
    });
  for (const field of [...Object.keys(c.mapping.map), ...Object.keys(c.mapping.set)])
    if (!(departureFields as readonly string[]).includes(field))
      ctx.addIssue({
        code: 'custom',
        path: ['mapping'],
        message: `unknown field "${field}"; known: ${departureFields.join(', ')}`,
      });
  if (c.format !== 'csv')
    for (const [field, pointer] of Object.entries(c.mapping.map))
      if (!jsonPointerSchema.safeParse(pointer).success)
        ctx.addIssue({
          code: 'custom',
          path: ['mapping', 'map', field],
          message: `"${pointer}" is not a JSON Pointer (/a/b)`,
        });
});
export type FlightDepartureConfig = z.output<typeof flightDepartureConfigSchema>;

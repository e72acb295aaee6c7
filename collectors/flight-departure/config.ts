// The flight-departure collector's config file (JSON, validated at start-up; see README.md and
// flight-departure.sample.json).
import { z } from 'zod';
import { idSchema } from '../../shared/events/common';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../shared/sites/registry';
import { fieldMappingSchema, jsonPointerSchema } from '../common/devices/field-mapping';
import { utcOffsetSchema } from '../common/devices/time-input';
import { collectorConfig, httpUrlSchema, listenSchema } from '../common/runner/runner-config';

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

/** The fields of a cargo-feed record (our names; `mapping` renames vendor fields onto them). */
export const cargoFields = ['flight_no', 'date', 'sobt', 'cargo_kg', 'parcels', 'capacity_kg'] as const;

const formatSchema = z.enum(['json', 'jsonl', 'csv', 'aidx']);
const pathSchema = z.string().regex(/^\/[\w./-]*$/, 'expected a path such as /aidx');

const sourceSchema = z
  .strictObject({
    url: httpUrlSchema.optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** A file (relative to the config file) re-read every poll, or with tail only its new lines. */
    file: z.string().min(1).optional(),
    tail: z.boolean().default(false),
    /** Push: the collector listens on host:port and the feed POSTs its messages to `path`. */
    listen: listenSchema.optional(),
    path: pathSchema.default('/aidx'),
    /** Largest pushed message (413 above). */
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .refine(
    (s) => [s.url, s.file, s.listen].filter((x) => x !== undefined).length === 1,
    'give one of url, file or listen',
  )
  .refine((s) => !(s.tail && s.url), { message: 'tail is for files', path: ['tail'] });

/** The cargo load as its own feed, joined to departures by flight number and local departure date. */
const cargoSchema = z.strictObject({
  source: z
    .strictObject({
      url: httpUrlSchema.optional(),
      headers: z.record(z.string(), z.string()).default({}),
      file: z.string().min(1).optional(),
      tail: z.boolean().default(false),
      /** Push: POSTed to this path of the departures feed's listener (source.listen). */
      path: pathSchema.optional(),
    })
    .refine(
      (s) => [s.url, s.file, s.path].filter((x) => x !== undefined).length === 1,
      'give one of url, file or path',
    ),
  format: formatSchema,
  items: jsonPointerSchema.default(''),
  mapping: fieldMappingSchema.prefault({}),
  pollSeconds: z.number().positive().max(86_400).default(60),
  /** How long an off-block departure waits for its cargo load before it is reported without it. */
  waitMinutes: z
    .number()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** How long a cargo load waits for its departure before it is given up (logged and counted). */
  holdMinutes: z
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(12 * 60),
});

export const flightDepartureConfigSchema = collectorConfig({
  site: idSchema,
  airport: z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter IATA airport code'),
  source: sourceSchema,
  /**
   * json: an array (at `items`); jsonl: one departure per line; csv: a header row, then one per row; aidx: IATA
   * AIDX flight-leg XML (IATA_AIDX_FlightLegNotifRQ).
   */
  format: formatSchema,
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
  /** The site's time zone: local departure dates (the cargo join) are days of this zone. */
  timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone').default(DEFAULT_TIME_ZONE),
  /** AIDX: the DeadLoad Types that count as cargo (AHM load codes C cargo, M mail, or spelled out). */
  aidx: z
    .strictObject({ cargoTypes: z.array(z.string().min(1)).min(1).default(['C', 'M', 'Cargo', 'Mail']) })
    .prefault({}),
  cargo: cargoSchema.optional(),
  defaults: z
    .strictObject({
      capacityKg: z.number().min(0).max(200_000).default(0),
      parcels: z.number().int().min(0).default(0),
    })
    .prefault({}),
}).superRefine((c, ctx) => {
  if (c.cargo?.source.path !== undefined && c.source.listen === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['cargo', 'source', 'path'],
      message: 'a pushed cargo feed needs the departures feed to listen (source.listen)',
    });
  if (c.cargo?.source.path !== undefined && c.cargo.source.path === c.source.path)
    ctx.addIssue({
      code: 'custom',
      path: ['cargo', 'source', 'path'],
      message: `the cargo feed needs a path of its own (${c.source.path} takes the departures)`,
    });
  for (const [section, format, tail] of [
    ['source', c.format, c.source.tail],
    ['cargo', c.cargo?.format, c.cargo?.source.tail],
  ] as const)
    if (tail && (format === 'json' || format === 'aidx'))
      ctx.addIssue({
        code: 'custom',
        path: [section, 'tail'],
        message: `tail needs format jsonl or csv (${format} cannot grow by lines)`,
      });
  for (const field of [
    ...Object.keys(c.cargo?.mapping.map ?? {}),
    ...Object.keys(c.cargo?.mapping.set ?? {}),
  ])
    if (!(cargoFields as readonly string[]).includes(field))
      ctx.addIssue({
        code: 'custom',
        path: ['cargo', 'mapping'],
        message: `unknown field "${field}"; known: ${cargoFields.join(', ')}`,
      });
  for (const field of [...Object.keys(c.mapping.map), ...Object.keys(c.mapping.set)])
    if (!(departureFields as readonly string[]).includes(field))
      ctx.addIssue({
        code: 'custom',
        path: ['mapping'],
        message: `unknown field "${field}"; known: ${departureFields.join(', ')}`,
      });
  for (const [section, format, map] of [
    ['mapping', c.format, c.mapping.map],
    ['cargo.mapping', c.cargo?.format, c.cargo?.mapping.map ?? {}],
  ] as const)
    if (format !== 'csv')
      for (const [field, pointer] of Object.entries(map))
        if (!jsonPointerSchema.safeParse(pointer).success)
          ctx.addIssue({
            code: 'custom',
            path: [...section.split('.'), 'map', field],
            message: `"${pointer}" is not a JSON Pointer (/a/b)`,
          });
});
export type FlightDepartureConfig = z.output<typeof flightDepartureConfigSchema>;
export type CargoFeedConfig = NonNullable<FlightDepartureConfig['cargo']>;

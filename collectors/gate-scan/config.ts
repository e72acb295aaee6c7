// The gate-scan collector's config file (JSON, validated at start-up; see README.md and gate-scan.sample.json).
import { z } from 'zod';
import { idSchema } from '../../shared/events/common';
import { fieldMappingSchema, jsonPointerSchema } from '../common/devices/field-mapping';
import { utcOffsetSchema } from '../common/devices/time-input';
import { collectorConfig, httpUrlSchema, listenSchema } from '../common/runner/runner-config';
import { decisionFields, readFields } from './scan-payload';
import { vendorDefaultPaths, vendorNames } from './vendors/vendor-names';

export const NATIVE_PATHS = { read: '/scans', decision: '/decisions' } as const;

const pathSchema = z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, 'expected a URL path such as /customs/verdict');

/** A device that pushes in its vendor's own format (see vendors/ and README "Devices"). */
const vendorEndpointSchema = z.strictObject({
  vendor: z.enum(vendorNames),
  /** Default: the preset's (/hikvision/anpr, /alarm-info-plate, /dahua/traffic, /iclock). */
  path: pathSchema.optional(),
  /** Reads count as released when they arrive (default: badge readers yes, cameras no: the release system decides). */
  releasedOnRead: z.boolean().optional(),
  /** The device's direction codes → in/out, for devices without a fixed direction in `devices`. */
  directions: z.record(z.string(), z.enum(['in', 'out'])).default({}),
  /** hikvision-isapi: save the JPEG parts under `dir` (relative to the config file), each up to maxBytes. */
  pictures: z
    .strictObject({
      dir: z.string().min(1),
      maxBytes: z.number().int().positive().max(52_428_800).default(2_097_152),
    })
    .optional(),
});
export type VendorEndpointConfig = z.output<typeof vendorEndpointSchema>;

const mappedEndpointSchema = z
  .strictObject({
    path: pathSchema,
    type: z.enum(['read', 'decision']),
    /** Pointer to the array of items when a payload carries several (default: the body, or its items). */
    items: jsonPointerSchema.optional(),
    ...fieldMappingSchema.shape,
  })
  .superRefine((e, ctx) => {
    const known = e.type === 'read' ? readFields : decisionFields;
    for (const field of [...Object.keys(e.map), ...Object.keys(e.set)])
      if (!known.includes(field))
        ctx.addIssue({
          code: 'custom',
          path: ['map'],
          message: `unknown ${e.type} field "${field}"; known: ${known.join(', ')}`,
        });
    for (const [field, pointer] of Object.entries(e.map))
      if (!jsonPointerSchema.safeParse(pointer).success)
        ctx.addIssue({
          code: 'custom',
          path: ['map', field],
          message: `"${pointer}" is not a JSON Pointer (/a/b)`,
        });
  });
export type MappedEndpointConfig = z.output<typeof mappedEndpointSchema>;

/** A vendor preset (it has `vendor`) or a mapped endpoint; a bad one is reported as that kind's first issue. */
const endpointSchema = z.union([vendorEndpointSchema, mappedEndpointSchema], {
  error: (issue) => {
    const input = issue.input;
    const kind =
      input !== null && typeof input === 'object' && 'vendor' in input
        ? vendorEndpointSchema
        : mappedEndpointSchema;
    const first = kind.safeParse(input).error?.issues[0];
    return first ? `${first.path.length > 0 ? `${first.path.join('.')}: ` : ''}${first.message}` : undefined;
  },
});
export type EndpointConfig = z.output<typeof endpointSchema>;
export const isVendorEndpoint = (e: EndpointConfig): e is VendorEndpointConfig => 'vendor' in e;
/** The path an endpoint answers on. */
export const endpointPath = (e: EndpointConfig): string =>
  isVendorEndpoint(e) ? (e.path ?? vendorDefaultPaths[e.vendor]) : e.path;

export const gateScanConfigSchema = collectorConfig({
  site: idSchema,
  /** Where cameras, badge readers and the release system POST. */
  listen: listenSchema,
  /** When set, requests must carry "Authorization: Bearer <token>". */
  token: z.string().min(8).optional(),
  devices: z
    .record(
      z.string(),
      z.strictObject({
        gate: idSchema,
        lane: idSchema,
        direction: z.enum(['in', 'out']).optional(),
        /** The device clock's UTC offset: for its times without an offset, and for epoch "UTC" values that are
         * really its wall clock (many Dahua units). Default: the collector's timeOffset / the epoch as sent. */
        timeOffset: utcOffsetSchema.unwrap().optional(),
      }),
    )
    .default({}),
  endpoints: z
    .array(endpointSchema)
    .default([])
    .refine(
      (es) => es.map(endpointPath).every((p) => p !== NATIVE_PATHS.read && p !== NATIVE_PATHS.decision),
      {
        message: '/scans and /decisions are the native endpoints; choose another path',
      },
    )
    .refine(
      (es) => new Set(es.map(endpointPath)).size === es.length,
      'endpoint paths must be unique (a vendor preset without a path takes its default one)',
    )
    .refine((es) => es.every((e) => !('vendor' in e) || !e.pictures || e.vendor === 'hikvision-isapi'), {
      message: 'pictures is for hikvision-isapi endpoints (the only preset whose pushes carry JPEG parts)',
    }),
  /** A read with no decision after this long is reported as onTimeout says. */
  decisionTimeoutSeconds: z.number().positive().max(86_400).default(300),
  onTimeout: z.enum(['held', 'drop']).default('held'),
  /** UTC offset of payload times written without one. */
  timeOffset: utcOffsetSchema,
  /** A capture time further than this from the arrival is a device clock that is off: warned and counted (0: off). */
  clockSkewWarnMinutes: z.number().min(0).max(10_080).default(5),
  /** Largest request body (camera pushes carry JPEGs); 413 above. */
  maxBodyBytes: z.number().int().min(1024).max(104_857_600).default(8_388_608),
  defaults: z
    .strictObject({ rural: z.boolean().default(false), parcels: z.number().int().min(0).default(0) })
    .prefault({}),
  /** Forward every vehicle plate read to the weighbridge collector's plate input (its /plates URL). */
  forwardPlates: z.strictObject({ url: httpUrlSchema }).optional(),
});
export type GateScanConfig = z.output<typeof gateScanConfigSchema>;

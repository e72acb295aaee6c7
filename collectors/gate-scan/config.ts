// The gate-scan collector's config file (JSON, validated at start-up; see README.md and gate-scan.sample.json).
import { z } from 'zod';
import { idSchema } from '../../shared/events/common';
import { fieldMappingSchema, jsonPointerSchema } from '../common/devices/field-mapping';
import { utcOffsetSchema } from '../common/devices/time-input';
import { collectorConfig, httpUrlSchema, listenSchema } from '../common/runner/runner-config';
import { decisionFields, readFields } from './scan-payload';

export const NATIVE_PATHS = { read: '/scans', decision: '/decisions' } as const;

const endpointSchema = z
  .strictObject({
    path: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, 'expected a URL path such as /hik/anpr'),
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
export type EndpointConfig = z.output<typeof endpointSchema>;

export const gateScanConfigSchema = collectorConfig({
  site: idSchema,
  /** Where cameras, badge readers and the release system POST. */
  listen: listenSchema,
  /** When set, requests must carry "Authorization: Bearer <token>". */
  token: z.string().min(8).optional(),
  devices: z
    .record(
      z.string(),
      z.strictObject({ gate: idSchema, lane: idSchema, direction: z.enum(['in', 'out']).optional() }),
    )
    .default({}),
  endpoints: z
    .array(endpointSchema)
    .default([])
    .refine((es) => es.every((e) => e.path !== NATIVE_PATHS.read && e.path !== NATIVE_PATHS.decision), {
      message: '/scans and /decisions are the native endpoints; choose another path',
    })
    .refine((es) => new Set(es.map((e) => e.path)).size === es.length, 'endpoint paths must be unique'),
  /** A read with no decision after this long is reported as onTimeout says. */
  decisionTimeoutSeconds: z.number().positive().max(86_400).default(300),
  onTimeout: z.enum(['held', 'drop']).default('held'),
  /** UTC offset of payload times written without one. */
  timeOffset: utcOffsetSchema,
  defaults: z
    .strictObject({ rural: z.boolean().default(false), parcels: z.number().int().min(0).default(0) })
    .prefault({}),
  /** Forward every vehicle plate read to the weighbridge collector's plate input (its /plates URL). */
  forwardPlates: z.strictObject({ url: httpUrlSchema }).optional(),
});
export type GateScanConfig = z.output<typeof gateScanConfigSchema>;

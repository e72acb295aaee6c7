// The documented gate JSON (README.md): a read (plate from an ANPR camera, badge from a reader) and a
// release decision, after vendor fields have been mapped onto these names. Times are ISO 8601 or epoch.
import { z } from 'zod';
import { deviceTextSchema, idSchema } from '../../shared/events/common';
import { plateColorSchema, vehicleTypeSchema } from '../../shared/plates';
import { parseTimeInput } from '../common/devices/time-input';

const time = z.union([z.string(), z.number()]);
const result = z.enum(['released', 'held', 'rejected']);
const id = z.union([z.string().min(1).max(128), z.number()]).transform(String);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

export const readPayloadSchema = z.object({
  id: id.optional(),
  subject: z.enum(['vehicle', 'staff']).optional(),
  plate: deviceTextSchema(32).optional(),
  badge: deviceTextSchema(64).optional(),
  /** What the camera reported about the vehicle (canonical values, shared/plates/vehicle-info.ts). */
  plate_color: plateColorSchema.optional(),
  vehicle_type: vehicleTypeSchema.optional(),
  /** A camera or reader id, resolved to gate/lane/direction by the config's devices table. */
  device: z.union([z.string(), z.number()]).transform(String).optional(),
  gate: idSchema.optional(),
  lane: idSchema.optional(),
  direction: z.enum(['in', 'out']).optional(),
  /** Capture time: the arrival the processing time is measured from (default: when the read arrived). */
  time: time.optional(),
  parcels: z.coerce.number().int().min(0).max(1_000_000).optional(),
  rural: bool.optional(),
  /** Set when the decision is already known: then one call is enough. */
  result: result.optional(),
  released_at: time.optional(),
  decided_at: time.optional(),
});
export type ReadPayload = z.output<typeof readPayloadSchema>;

export const decisionPayloadSchema = z
  .object({
    /** The read's id; or its plate/badge (and lane), matching the oldest open read. */
    id: id.optional(),
    plate: deviceTextSchema(32).optional(),
    badge: deviceTextSchema(64).optional(),
    lane: idSchema.optional(),
    result,
    time: time.optional(),
  })
  .refine((d) => d.id !== undefined || d.plate !== undefined || d.badge !== undefined, {
    message: 'a decision needs the id, plate or badge of its read',
  });
export type DecisionPayload = z.output<typeof decisionPayloadSchema>;

export const readFields = Object.keys(readPayloadSchema.shape);
export const decisionFields = ['id', 'plate', 'badge', 'lane', 'result', 'time'];

/** Parses a payload time in the configured offset; a value that is not a time is an error message. */
export function payloadTime(
  value: string | number | undefined,
  field: string,
  offset: string,
): number | string | undefined {
  if (value === undefined) return undefined;
  return parseTimeInput(value, offset) ?? `${field}: not a timestamp (${JSON.stringify(value)})`;
}

/** The first zod issue as "field: reason". */
export function firstIssue(error: z.ZodError): string {
  const i = error.issues[0]!;
  return `${i.path.join('.') || 'payload'}: ${i.message}`;
}

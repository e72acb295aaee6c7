// Vendor payloads → our field names: each target field is read from a JSON Pointer (RFC 6901) into the
// payload, constants fill the rest, and value maps translate vendor codes ("0" → "in", "PASS" → "released").
// Used by the gate webhook (camera and badge-reader payloads) and the flight feed (JSON departures).
import { z } from 'zod';

export const jsonPointerSchema = z
  .string()
  .regex(
    /^(\/([^~]|~[01])*)*$/,
    'expected a JSON Pointer such as /ANPR/licensePlate ("" for the whole payload)',
  );

/** The value at `pointer` in `doc`, or undefined when the path does not exist. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let at: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at)) at = /^(0|[1-9]\d*)$/.test(key) ? at[Number(key)] : undefined;
    else if (at !== null && typeof at === 'object' && Object.hasOwn(at, key))
      at = (at as Record<string, unknown>)[key];
    else return undefined;
  }
  return at;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const fieldMappingSchema = z.strictObject({
  /** target field → JSON Pointer into the payload (or, for CSV feeds, the column name). */
  map: z.record(z.string(), z.string()).default({}),
  /** Constant values for target fields the payload does not carry. */
  set: z.record(z.string(), scalar).default({}),
  /** Per target field: vendor value (as text) → our value. */
  values: z.record(z.string(), z.record(z.string(), scalar)).default({}),
});
export type FieldMapping = z.output<typeof fieldMappingSchema>;

/** Builds the target record; `read` gets a value by its pointer (JSON) or column name (CSV). */
export function applyMapping(
  mapping: FieldMapping,
  read: (source: string) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...mapping.set };
  for (const [field, source] of Object.entries(mapping.map)) {
    const v = read(source);
    if (v !== undefined && v !== null && v !== '') out[field] = v;
  }
  for (const [field, table] of Object.entries(mapping.values)) {
    const v = out[field];
    if (v !== undefined && Object.hasOwn(table, String(v))) out[field] = table[String(v)];
  }
  return out;
}

/** Maps a JSON payload item with pointer sources. */
export const mapJson = (mapping: FieldMapping, item: unknown) =>
  applyMapping(mapping, (p) => resolvePointer(item, p));

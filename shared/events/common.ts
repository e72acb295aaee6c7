// Building blocks shared by the three event schemas: ids, event time, and how tags/fields are typed on the wire.
import { z } from 'zod';
import type { FieldValue } from '../line-protocol/types';
import { idSchema } from '../sites/registry';

export { idSchema };

/** 2000-01-01 … 2100-01-01: anything outside is a unit mistake (seconds vs ms), not an event. */
export const MIN_EVENT_TIME_MS = Date.UTC(2000, 0, 1);
export const MAX_EVENT_TIME_MS = Date.UTC(2100, 0, 1);

/** Event time in epoch milliseconds. */
export const eventTimeSchema = z
  .number()
  .int()
  .min(MIN_EVENT_TIME_MS, 'timestamp before 2000-01-01: wrong precision?')
  .max(MAX_EVENT_TIME_MS, 'timestamp after 2100-01-01: wrong precision?');

/** Free text read from devices (plates, badges, flight numbers): printable, no control characters. */
export const deviceTextSchema = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters (line breaks, tabs) are not allowed');

/** How a key travels in line protocol: a tag (string, or boolean spelled true/false) or a typed field. */
export type WireType = 'tag' | 'booleanTag' | FieldValue['kind'];

/** The wire layout of one measurement: which keys are tags and which are fields of which type. */
export type MeasurementLayout = Record<string, WireType>;

/**
 * What a measurement's cross-key rules need of zod's refinement context: the rules run inside the zod schema
 * (superRefine) and, without zod, in the compiled checker of compiled-schema.ts.
 */
export interface RuleContext {
  addIssue(issue: { code: 'custom'; path: [string]; message: string }): void;
}

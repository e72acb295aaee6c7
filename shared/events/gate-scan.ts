// gate_scan: a truck or a staff member passing a gate lane (plate/badge read, verified, released or not).
import { z } from 'zod';
import { plateTypeSchema } from '../plates/plate-type';
import { plateColorSchema, vehicleTypeSchema } from '../plates/vehicle-info';
import {
  deviceTextSchema,
  eventTimeSchema,
  idSchema,
  type MeasurementLayout,
  type RuleContext,
} from './common';

/** Customs target: verified and released within 10 s. */
export const GATE_SLA_MS = 10_000;

export const gateScanLayout = {
  site: 'tag',
  gate: 'tag',
  lane: 'tag',
  direction: 'tag',
  subject: 'tag',
  result: 'tag',
  rural: 'booleanTag',
  plate: 'string',
  badge: 'string',
  processing_ms: 'integer',
  parcels: 'integer',
  plate_type: 'string',
  plate_color: 'string',
  vehicle_type: 'string',
} satisfies MeasurementLayout;

const gateScanObject = z.object({
  measurement: z.literal('gate_scan'),
  time: eventTimeSchema,
  site: idSchema,
  gate: idSchema,
  lane: idSchema,
  direction: z.enum(['in', 'out']),
  subject: z.enum(['vehicle', 'staff']),
  result: z.enum(['released', 'held', 'rejected']),
  rural: z.boolean(),
  plate: deviceTextSchema(32).default(''),
  badge: deviceTextSchema(64).default(''),
  processing_ms: z.number().int().min(0).max(86_400_000),
  parcels: z.number().int().min(0).max(1_000_000),
  /** GA 36 plate type, set by collectors that read plates (shared/plates); absent on older events. */
  plate_type: plateTypeSchema.optional(),
  /** GA 36 plate colour as the camera reported it (shared/plates/vehicle-info.ts); absent when not reported. */
  plate_color: plateColorSchema.optional(),
  /** Vehicle type as the camera classed it (shared/plates/vehicle-info.ts); absent when not reported. */
  vehicle_type: vehicleTypeSchema.optional(),
});

/** The rules across keys (exported for the compiled checker; the schema below applies them). */
export function gateScanRules(e: z.output<typeof gateScanObject>, ctx: RuleContext): void {
  if (e.subject === 'vehicle' && e.plate.trim() === '')
    ctx.addIssue({ code: 'custom', path: ['plate'], message: 'plate is required when subject=vehicle' });
  if (e.subject === 'staff' && e.badge.trim() === '')
    ctx.addIssue({ code: 'custom', path: ['badge'], message: 'badge is required when subject=staff' });
  if (e.subject === 'staff' && e.rural)
    ctx.addIssue({ code: 'custom', path: ['rural'], message: 'rural must be false when subject=staff' });
}

export const gateScanSchema = gateScanObject.superRefine(gateScanRules);
export type GateScan = z.output<typeof gateScanSchema>;

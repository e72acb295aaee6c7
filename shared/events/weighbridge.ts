// weighbridge: one stable (or not) weighing of a truck, with the derived load rate and overweight check.
import { z } from 'zod';
import { plateTypeSchema } from '../plates/plate-type';
import {
  deviceTextSchema,
  eventTimeSchema,
  idSchema,
  type MeasurementLayout,
  type RuleContext,
} from './common';

export const weighbridgeLayout = {
  site: 'tag',
  bridge: 'tag',
  direction: 'tag',
  plate: 'string',
  axles: 'integer',
  gross_kg: 'float',
  tare_kg: 'float',
  net_kg: 'float',
  rated_payload_kg: 'float',
  stable: 'boolean',
  plate_type: 'string',
} satisfies MeasurementLayout;

const kg = z.number().min(0).max(200_000);

const weighbridgeObject = z.object({
  measurement: z.literal('weighbridge'),
  time: eventTimeSchema,
  site: idSchema,
  bridge: idSchema,
  direction: z.enum(['in', 'out']),
  plate: deviceTextSchema(32).min(1, 'plate is required'),
  axles: z.number().int().min(2).max(12),
  gross_kg: kg,
  tare_kg: kg,
  net_kg: kg,
  rated_payload_kg: kg,
  stable: z.boolean(),
  /** GA 36 plate type, set by collectors that read plates (shared/plates); absent on older events. */
  plate_type: plateTypeSchema.optional(),
});

/** The rules across keys (exported for the compiled checker; the schema below applies them). */
export function weighbridgeRules(e: z.output<typeof weighbridgeObject>, ctx: RuleContext): void {
  if (e.tare_kg > e.gross_kg)
    ctx.addIssue({ code: 'custom', path: ['tare_kg'], message: 'tare_kg is above gross_kg' });
  const expected = e.gross_kg - e.tare_kg;
  if (Math.abs(e.net_kg - expected) > Math.max(1, e.gross_kg * 0.001))
    ctx.addIssue({
      code: 'custom',
      path: ['net_kg'],
      message: `net_kg ${e.net_kg} is not gross_kg − tare_kg (${expected})`,
    });
}

export const weighbridgeSchema = weighbridgeObject.superRefine(weighbridgeRules);
export type Weighbridge = z.output<typeof weighbridgeSchema>;

/** GB 1589 legal gross vehicle weight (kg) by axle count; 4 axles: rigid truck limit (articulated is 36 t). */
export function legalGrossLimitKg(axles: number): number {
  if (axles <= 2) return 18_000;
  if (axles === 3) return 25_000;
  if (axles === 4) return 31_000;
  if (axles === 5) return 43_000;
  return 49_000;
}

export function isOverweight(e: Pick<Weighbridge, 'axles' | 'gross_kg'>): boolean {
  return e.gross_kg > legalGrossLimitKg(e.axles);
}

/** Load rate (实载率) of one reading: net over rated payload; undefined when the payload is unknown. */
export function loadRate(e: Pick<Weighbridge, 'net_kg' | 'rated_payload_kg'>): number | undefined {
  return e.rated_payload_kg > 0 ? e.net_kg / e.rated_payload_kg : undefined;
}

// POST /plates: plate reads for the weighbridges, from the gate-scan collector's forwardPlates link or from
// an operator console. Body: one read or an array, each { plate, bridge } or { plate, gate, lane }, with an
// optional time (ISO 8601 or epoch) and axles. Answers 202 with the counts, or 400 naming the bad read.
import { z } from 'zod';
import { deviceTextSchema, idSchema } from '../../shared/events/common';
import { parseTimeInput } from '../common/devices/time-input';
import { errorReply, type JsonReply, type JsonRequest } from '../common/runner/json-http-server';
import type { PlateInput } from './station';

const plateReadSchema = z
  .strictObject({
    plate: deviceTextSchema(32).min(1, 'plate is empty'),
    bridge: idSchema.optional(),
    gate: idSchema.optional(),
    lane: idSchema.optional(),
    time: z.union([z.number(), z.string()]).optional(),
    axles: z.number().int().min(2).max(12).optional(),
  })
  .refine((r) => r.bridge !== undefined || (r.gate !== undefined && r.lane !== undefined), {
    message: 'give the bridge, or the gate and lane of the camera',
  });

export function plateInputHandler(accept: (read: PlateInput) => boolean) {
  return (req: JsonRequest): JsonReply => {
    if (req.path !== '/plates') return errorReply(404, 'not_found', 'POST plate reads to /plates');
    if (req.method !== 'POST') return errorReply(404, 'not_found', 'use POST /plates');
    const items = Array.isArray(req.body) ? req.body : [req.body];
    const reads: PlateInput[] = [];
    for (const [i, item] of items.entries()) {
      const parsed = plateReadSchema.safeParse(item);
      const where = items.length > 1 ? `read #${i + 1}: ` : '';
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return errorReply(400, 'invalid', `${where}${issue.path.join('.') || 'body'}: ${issue.message}`);
      }
      const r = parsed.data;
      const time = r.time === undefined ? undefined : parseTimeInput(r.time);
      if (r.time !== undefined && time === undefined)
        return errorReply(400, 'invalid', `${where}time: expected ISO 8601 or epoch seconds/ms`);
      const at = r.bridge !== undefined ? { bridge: r.bridge } : { gate: r.gate!, lane: r.lane! };
      reads.push({
        plate: r.plate,
        ...at,
        ...(time === undefined ? {} : { time }),
        ...(r.axles ? { axles: r.axles } : {}),
      });
    }
    // Reads for lanes without a bridge are normal (the gate collector forwards every lane): ignored, counted.
    const ignored = reads.filter((r) => !accept(r)).length;
    return { status: 202, body: { accepted: reads.length - ignored, ignored } };
  };
}

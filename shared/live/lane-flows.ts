// GET /api/kpis/lanes?site=: vehicle flow and the 10 s SLA share per gate lane over the last minutes.
import { z } from 'zod';

export const laneFlowSchema = z.object({
  gate: z.string(),
  lane: z.string(),
  /** Released vehicles per minute, averaged over the window. */
  inPerMin: z.number(),
  outPerMin: z.number(),
  /** Vehicle scans (any result) in the window, and the share of them within 10 s. */
  scans: z.number(),
  slaShare: z.number(),
});
export type LaneFlow = z.infer<typeof laneFlowSchema>;

export const laneFlowsResponseSchema = z.object({
  site: z.string(),
  at: z.number(),
  windowMinutes: z.number(),
  lanes: z.array(laneFlowSchema),
});
export type LaneFlowsResponse = z.infer<typeof laneFlowsResponseSchema>;

// GET /api/kpis/network: every site's live KPI row (the very row /api/kpis/live gives for it), the age of its
// newest event and its active alerts by severity, in one answer, for the network overview and wall.
import { z } from 'zod';
import { kpiRowSchema } from './kpi-columns';

export const networkSiteSchema = z.object({
  site: z.string(),
  kpis: kpiRowSchema,
  lastEventAt: z.number().nullable().describe('epoch ms of the newest event of the site; null before any'),
  alerts: z.object({
    warning: z.number().int().describe('active alerts of severity warning'),
    critical: z.number().int().describe('active alerts of severity critical'),
  }),
});
export type NetworkSite = z.infer<typeof networkSiteSchema>;

export const networkResponseSchema = z.object({
  at: z.number().describe('server time of the rows, epoch ms'),
  sites: z.array(networkSiteSchema).describe('in registry order'),
});
export type NetworkResponse = z.infer<typeof networkResponseSchema>;

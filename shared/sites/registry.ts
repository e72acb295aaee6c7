// The site registry: which logistics hubs exist, where they are, and which region and time zone they count in.
import { z } from 'zod';
import { SITE_ID_MAX_LENGTH, SITE_ID_PATTERN, SITE_ID_RULE } from '../live/protocol';
import { provinceRegion, type Region, regionSchema } from './regions';

/** Site and device ids are used as line-protocol tag values: keep them short and unambiguous. */
export const idSchema = z.string().min(1).max(SITE_ID_MAX_LENGTH).regex(SITE_ID_PATTERN, SITE_ID_RULE);

/** The time zone of a site that names none (and of whatever is counted before its site is known): China's. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** True for a time zone this runtime knows (an IANA name such as Asia/Urumqi). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const siteSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1).max(120),
    name_zh: z.string().min(1).max(120).optional(),
    province: z.string().refine((p) => Object.hasOwn(provinceRegion, p), { message: 'unknown province' }),
    region: regionSchema.optional(),
    timezone: z.string().refine(isTimeZone, { message: 'unknown IANA time zone' }).default(DEFAULT_TIME_ZONE),
    /** IATA code when the site has a cargo terminal with departures. */
    airport: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
  })
  .transform((s, ctx) => {
    const derived = provinceRegion[s.province] as Region;
    if (s.region && s.region !== derived) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `${s.province} is in the ${derived} region, not ${s.region}`,
      });
    }
    return { ...s, region: derived };
  });
export type Site = z.output<typeof siteSchema>;

/** A resolved site as the server sends it to clients (region always present). */
export const siteInfoSchema = z.object({
  id: idSchema,
  name: z.string(),
  name_zh: z.string().optional(),
  province: z.string(),
  region: regionSchema,
  timezone: z.string(),
  airport: z.string().optional(),
});
export type SiteInput = z.input<typeof siteSchema>;

/** GET /api/sites */
export const sitesResponseSchema = z.object({ sites: z.array(siteInfoSchema) });

export const siteRegistrySchema = z
  .array(siteSchema)
  .min(1)
  .superRefine((sites, ctx) => {
    const seen = new Set<string>();
    sites.forEach((s, i) => {
      if (seen.has(s.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate site id ${s.id}` });
      seen.add(s.id);
    });
  });
export type SiteRegistry = z.output<typeof siteRegistrySchema>;
export type SiteInfo = z.infer<typeof siteInfoSchema>;

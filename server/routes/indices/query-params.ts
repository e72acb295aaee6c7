// Query parameters of the index endpoints, validated by zod (parse-query.ts turns a problem into one clear 400).
import { z } from 'zod';
import { MIN_EVENT_TIME_MS } from '../../../shared/events/common';
import { DAY_MS, isMonthKey, monthCount, monthOfDay } from '../../../shared/indices/calendar';
import { rollingWindows } from '../../../shared/indices/rolling';
import { parseWeights } from '../../../shared/indices/weights';

export const MAX_SERIES_MONTHS = 120;

/** No event before it is accepted, so no earlier month has data (and 0000-01 has no year before it). */
export const FIRST_MONTH = monthOfDay(MIN_EVENT_TIME_MS / DAY_MS);
const tooEarly = (name: string, value: string) =>
  `${name} ${value} is before ${FIRST_MONTH}: events are accepted from ${FIRST_MONTH}-01 on, so earlier months have no data`;

const month = (name: string) =>
  z
    .string({ error: (i) => (i.input === undefined ? `${name} is required (YYYY-MM)` : undefined) })
    .refine(isMonthKey, {
      error: (i) => `${name} must be a month as YYYY-MM (e.g. 2025-07), got "${String(i.input)}"`,
    })
    .refine((v) => v >= FIRST_MONTH, { error: (i) => tooEarly(name, String(i.input)) });

const weights = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    try {
      return parseWeights(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

const scope = {
  site: z.string().min(1, 'site must not be empty').optional(),
  region: z.string().min(1, 'region must not be empty').optional(),
};

const base = z
  .string()
  .refine((v) => v === 'yoy' || isMonthKey(v), {
    error: (i) => `base must be "yoy" or a month YYYY-MM, got "${String(i.input)}"`,
  })
  .refine((v) => v === 'yoy' || !isMonthKey(v) || v >= FIRST_MONTH, {
    error: (i) => tooEarly('base', String(i.input)),
  })
  .default('yoy');

export const indicesQuerySchema = z.strictObject({ month: month('month'), ...scope, base, weights });
export const seriesQuerySchema = z
  .strictObject({
    from: month('from'),
    to: month('to'),
    ...scope,
    base,
    weights,
    format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json'),
  })
  .superRefine((q, ctx) => {
    if (!isMonthKey(q.from) || !isMonthKey(q.to)) return; // already reported; zod runs this check anyway
    const count = monthCount(q.from, q.to);
    if (count < 1)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `to (${q.to}) is before from (${q.from})` });
    else if (count > MAX_SERIES_MONTHS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `${count} months asked; a series covers at most ${MAX_SERIES_MONTHS}`,
      });
  });
export const rollingQuerySchema = z.strictObject({
  window: z.enum(Object.keys(rollingWindows) as [keyof typeof rollingWindows], {
    error: `window must be one of ${Object.keys(rollingWindows).join(', ')}`,
  }),
  ...scope,
  weights,
});

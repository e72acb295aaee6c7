// Durations in the rules file as people write them in Grafana and Alertmanager: "30s", "5m", "4h", "1h30m".
import { z } from 'zod';

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const whole = /^(\d+(ms|s|m|h|d))+$/;
const part = /(\d+)(ms|s|m|h|d)/g;

export function parseDuration(text: string): number | undefined {
  if (!whole.test(text)) return undefined;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(part)) ms += Number(n) * unitMs[unit as keyof typeof unitMs];
  return ms;
}

/** A duration string → ms, with a readable error. */
export const durationSchema = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration (e.g. "30s", "5m", "4h", "1h30m")`,
    });
    return z.NEVER;
  }
  return ms;
});

// Timestamps as devices and feeds send them: epoch seconds or milliseconds (numbers or digit strings), or
// ISO 8601 text. Text without a UTC offset is read in the configured offset (default +08:00, China time).
import { z } from 'zod';

/** Epoch ms of `value`, or undefined when it is not a time. */
export function parseTimeInput(value: unknown, defaultOffset = '+08:00'): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? epochMs(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return epochMs(Number(text));
  let iso = text.replace(/^(\d{4}-\d{2}-\d{2})[ T]/, '$1T');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += defaultOffset;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Below 10^11 a number is taken as seconds (10^11 s is the year 5138; 10^11 ms is 1973). */
function epochMs(n: number): number {
  return Math.round(n < 1e11 ? n * 1000 : n);
}

/** A UTC offset such as +08:00 or Z (config files). */
export const utcOffsetSchema = z
  .string()
  .regex(/^(Z|[+-]\d{2}:\d{2})$/, 'expected a UTC offset such as +08:00 or Z')
  .default('+08:00');

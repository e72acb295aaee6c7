// The precision query parameter of the v1 and v2 write APIs, as a zod schema that yields the codec's precision.
import { z } from 'zod';
import type { Precision } from '../../../shared/line-protocol/types';

const units = {
  v2: { ns: 'ns', us: 'us', ms: 'ms', s: 's' },
  v1: { n: 'ns', ns: 'ns', u: 'us', us: 'us', ms: 'ms', s: 's' },
} satisfies Record<'v1' | 'v2', Record<string, Precision>>;

/** `precision=` of one API: omitted or empty means ns, as InfluxDB does; anything else unknown is a 400. */
export function precisionParam(api: keyof typeof units) {
  const accepted = Object.keys(units[api]) as [string, ...string[]];
  const table: Record<string, Precision> = units[api];
  return z
    .union([z.enum(accepted), z.literal('')], {
      error: (i) => `precision "${String(i.input)}" is not supported; use one of ${accepted.join(', ')}`,
    })
    .optional()
    .transform((v): Precision => (v ? table[v]! : 'ns'))
    .describe('timestamp unit of the body; default ns');
}

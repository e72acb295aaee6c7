// Maps the precision query parameter of the v1 and v2 write APIs to the codec's precisions.
import { PortpulseError } from '../../../shared/errors';
import type { Precision } from '../../../shared/line-protocol/types';

const v2: Record<string, Precision> = { ns: 'ns', us: 'us', ms: 'ms', s: 's' };
const v1: Record<string, Precision> = { n: 'ns', ns: 'ns', u: 'us', us: 'us', ms: 'ms', s: 's' };

/** The precision values each API accepts (for the OpenAPI description). */
export const precisionValues = { v1: Object.keys(v1), v2: Object.keys(v2) };

export function parsePrecision(value: string | undefined, api: 'v1' | 'v2'): Precision {
  if (value === undefined || value === '') return 'ns';
  const p = (api === 'v1' ? v1 : v2)[value];
  if (!p) {
    const accepted = Object.keys(api === 'v1' ? v1 : v2).join(', ');
    throw new PortpulseError('invalid', `precision "${value}" is not supported; use one of ${accepted}`);
  }
  return p;
}

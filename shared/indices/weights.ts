// Composite weights: the methodology's defaults, and the "name:weight,…" text form used in query strings.
import { type SubIndexName, subIndexNames } from './metrics';

export type Weights = Record<SubIndexName, number>;

export const defaultWeights: Weights = {
  volume: 0.3,
  rural_volume: 0.1,
  staffing: 0.15,
  load_rate: 0.15,
  gate_timeliness: 0.15,
  flight_punctuality: 0.15,
};

/**
 * "volume:0.5,load_rate:0.5" → weights; sub-indices left out weigh 0 (excluded). Throws a RangeError whose
 * message can be shown to the user as it is.
 */
export function parseWeights(text: string): Weights {
  const weights = Object.fromEntries(subIndexNames.map((n) => [n, 0])) as Weights;
  for (const item of text.split(',')) {
    const [name, raw, extra] = item.split(':').map((s) => s.trim());
    if (!subIndexNames.includes(name as SubIndexName) || raw === undefined || extra !== undefined)
      throw new RangeError(
        `weights: "${item}" is not name:weight with a name among ${subIndexNames.join(', ')}`,
      );
    const w = Number(raw);
    if (raw === '' || !Number.isFinite(w) || w < 0)
      throw new RangeError(`weights: ${name} must be a number ≥ 0`);
    weights[name as SubIndexName] = w;
  }
  if (!subIndexNames.some((n) => weights[n] > 0))
    throw new RangeError('weights: at least one weight must be above 0');
  return weights;
}

export function formatWeights(weights: Weights): string {
  return subIndexNames.map((n) => `${n}:${weights[n]}`).join(',');
}

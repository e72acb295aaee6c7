// Every fuzz target and how a total number of cases is shared among them (by weight).
import { eventTargets } from './events.fuzz';
import { lineProtocolTargets } from './line-protocol.fuzz';
import { liveTargets } from './live.fuzz';
import type { FuzzTarget } from './target';

export const fuzzTargets: FuzzTarget[] = [...lineProtocolTargets, ...eventTargets, ...liveTargets];

export interface FuzzReport {
  name: string;
  cases: number;
  ms: number;
}

/** Runs every target with its share of `total` cases; throws (with fast-check's counterexample) on failure. */
export async function runFuzz(
  total: number,
  seed: number,
  onDone?: (r: FuzzReport) => void,
): Promise<FuzzReport[]> {
  const weights = fuzzTargets.reduce((sum, t) => sum + t.weight, 0);
  const reports: FuzzReport[] = [];
  let left = total;
  for (const [i, target] of fuzzTargets.entries()) {
    const cases = i === fuzzTargets.length - 1 ? left : Math.round((total * target.weight) / weights);
    left -= cases;
    const t0 = performance.now();
    await target.run(cases, seed + i);
    const report = { name: target.name, cases, ms: Math.round(performance.now() - t0) };
    reports.push(report);
    onDone?.(report);
  }
  return reports;
}

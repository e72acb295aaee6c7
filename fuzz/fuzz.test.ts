// The quick fuzz run of the test command: 20,000 cases over every target (fuzz/run.ts runs ≥ 1,000,000).
import { describe, expect, it } from 'vitest';
import { fuzzTargets, runFuzz } from './targets';

describe('fuzz (quick run)', () => {
  it('runs 20,000 cases over every target without a failure', async () => {
    const reports = await runFuzz(20_000, 20_250_701);
    expect(reports.map((r) => r.name)).toEqual(fuzzTargets.map((t) => t.name));
    expect(reports.reduce((sum, r) => sum + r.cases, 0)).toBe(20_000);
    for (const r of reports) expect(r.cases, r.name).toBeGreaterThan(500);
  }, 120_000);
});

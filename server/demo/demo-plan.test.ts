import { describe, expect, it } from 'vitest';
import { planDemo } from './demo-plan';

const H = 3_600_000;
const now = Date.UTC(2026, 11, 3, 4, 0); // 3 Dec 2026, 12:00 in Shanghai
const base = {
  nowMs: now,
  timeZone: 'Asia/Shanghai',
  months: 25,
  detailedHours: 13,
  siteIds: ['a', 'b'],
  logEvents: 0,
};

describe('demo plan', () => {
  it('on an empty data dir: 25 months of history from the 1st of November 2024, then 13 h in detail', () => {
    const plan = planDemo({ ...base, marker: undefined });
    expect(plan.history).toEqual({ fromMs: Date.UTC(2024, 9, 31, 16), toMs: now - 13 * H });
    expect(plan.detailedHours).toBe(13);
    expect(plan.skipReason).toBeUndefined();
  });

  it('on the data dir of a run that stopped a minute ago: only that minute, in detail', () => {
    const marker = { version: 1 as const, sites: ['b', 'a'], fromMs: 0, coveredUntilMs: now - 60_000 };
    const plan = planDemo({ ...base, marker, logEvents: 1_000_000 });
    expect(plan.history).toBeUndefined();
    expect(plan.detailedHours * 60).toBeCloseTo(1);
    expect(plan.historyFromMs).toBe(0);
  });

  it('after a week away: the week as history, the last 13 h in detail', () => {
    const marker = { version: 1 as const, sites: ['a', 'b'], fromMs: 0, coveredUntilMs: now - 7 * 24 * H };
    const plan = planDemo({ ...base, marker, logEvents: 1 });
    expect(plan.history).toEqual({ fromMs: now - 7 * 24 * H, toMs: now - 13 * H });
    expect(plan.detailedHours).toBe(13);
  });

  it('never writes history into a data dir holding events the demo did not write', () => {
    const plan = planDemo({ ...base, marker: undefined, logEvents: 42 });
    expect(plan.history).toBeUndefined();
    expect(plan.skipReason).toMatch(/42 events/);
  });

  it('writes no history when asked for none', () => {
    expect(planDemo({ ...base, months: 0, marker: undefined }).history).toBeUndefined();
  });
});

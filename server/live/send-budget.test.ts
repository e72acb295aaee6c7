// The send budget: sends within their share go at once; over it, a flush waits until the time is paid back,
// but never past the longest hold.
import { describe, expect, it } from 'vitest';
import { SendBudget } from './send-budget';

describe('SendBudget', () => {
  it('lets an idle server send at once, and a burst of cheap flushes too', () => {
    const b = new SendBudget(0.5, 100, 0);
    expect(b.holdMs(0, 0)).toBe(0);
    for (let t = 0; t < 100; t++) b.spend(0.1, t); // 0.1 ms per ms: a tenth of the time, under half
    expect(b.holdMs(100, 100)).toBe(0);
  });

  it('holds the next flush until sends over the share are paid back', () => {
    const b = new SendBudget(0.5, 100, 0);
    b.spend(50, 0); // the whole burst (0.5 × 100 ms)
    expect(b.holdMs(0, 0)).toBe(0); // empty, not in debt
    b.spend(10, 0); // 10 ms in debt: paid back after 20 ms at half the time
    expect(b.holdMs(0, 0)).toBe(20);
    expect(b.holdMs(5, 0)).toBe(15);
    expect(b.holdMs(20, 0)).toBe(0);
  });

  it('never holds an event past the longest hold, however deep the debt', () => {
    const b = new SendBudget(0.25, 100, 0);
    b.spend(1000, 0);
    expect(b.holdMs(0, 0)).toBe(100);
    expect(b.holdMs(40, 10)).toBe(70); // pending since 10: due at 110
    expect(b.holdMs(200, 90)).toBe(0);
  });

  it('keeps no more than one burst while idle', () => {
    const b = new SendBudget(0.5, 100, 0);
    b.spend(0, 1_000_000); // a long idle stretch
    b.spend(60, 1_000_000);
    expect(b.holdMs(1_000_000, 1_000_000)).toBe(20); // 50 ms of burst, 10 ms in debt
  });

  it('refuses a share outside (0, 1]', () => {
    expect(() => new SendBudget(0, 100, 0)).toThrow(/send share/);
    expect(() => new SendBudget(1.5, 100, 0)).toThrow(/send share/);
  });
});

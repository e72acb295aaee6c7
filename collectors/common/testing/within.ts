// Test helper: asserts low < value < high, naming the quantity when it fails.
import { expect } from 'vitest';

export function expectWithin(value: number, low: number, high: number, what = 'value'): void {
  expect(value, `${what} (${value}) above ${low}`).toBeGreaterThan(low);
  expect(value, `${what} (${value}) below ${high}`).toBeLessThan(high);
}

// Measurement names are looked up as own keys only: names of Object.prototype members are unknown measurements.
import { describe, expect, it } from 'vitest';
import { isMeasurement } from './event';
import { eventFromPoint } from './point-conversion';

describe('isMeasurement', () => {
  it('knows the three measurements and nothing inherited', () => {
    expect(['gate_scan', 'weighbridge', 'flight_departure'].every(isMeasurement)).toBe(true);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(isMeasurement(name)).toBe(false);
  });

  it('turns a point named like an Object.prototype member into an issue, not a TypeError', () => {
    const point = { measurement: '__proto__', tags: {}, fields: { f: { kind: 'float' as const, value: 0 } } };
    const r = eventFromPoint(point, Date.now());
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issue.reason).toMatch(/unknown measurement "__proto__"/);
  });
});

// The compiled checks must accept exactly what zod accepts and build the same event; what they refuse goes to
// zod, so eventFromPoint always answers as eventFromPointWithZod does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measurements } from './event';
import { eventFromPoint, eventFromPointWithZod, eventFromStoredPoint } from './point-conversion';
import { mutatedPoint, T, validPoints as valid } from './testing/mutated-points';

describe('eventFromPoint with compiled checks', () => {
  it('converts the valid points of every measurement like zod', () => {
    for (const p of valid) {
      const r = eventFromPoint(p, T);
      expect(r.ok).toBe(true);
      expect(r).toEqual(eventFromPointWithZod(p, T));
      // Same key order as zod's output, as clients see it in JSON.
      expect(r.ok && Object.keys(r.event)).toEqual(
        Object.keys((eventFromPointWithZod(p, T) as { event: object }).event),
      );
    }
    expect(new Set(valid.map((p) => p.measurement))).toEqual(new Set(measurements));
  });

  it('answers every mutated point exactly as zod does', () => {
    fc.assert(
      fc.property(mutatedPoint, (p) => {
        expect(eventFromPoint(p, T)).toEqual(eventFromPointWithZod(p, T));
      }),
      { numRuns: 10_000 },
    );
  });

  it('converts stored points without validating them, and refuses points without the layout', () => {
    const p = { ...valid[2]!, fields: { ...valid[2]!.fields, net_kg: { kind: 'float' as const, value: 1 } } };
    expect(eventFromPoint(p, T).ok).toBe(false); // net_kg is not gross − tare
    expect(eventFromStoredPoint(p)).toMatchObject({ measurement: 'weighbridge', net_kg: 1 });
    const missing = { ...p, tags: { ...p.tags } };
    delete missing.tags.bridge;
    expect(eventFromStoredPoint(missing)).toBeUndefined();
    expect(eventFromStoredPoint({ ...p, measurement: 'other' })).toBeUndefined();
  });
});

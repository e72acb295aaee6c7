// Points for testing event conversion: valid ones, and valid ones with a key or two broken, mostly at the
// schemas' bounds, so the compiled checks can be compared with zod (fast-conversion.test.ts, fuzz/).
import fc from 'fast-check';
import type { FieldValue, Point } from '../../line-protocol/types';
import { layouts, type Measurement } from '../event';
import { pointFromEvent } from '../point-conversion';
import { flightDeparture, gateScan, weighbridgeReading } from './event-builders';

/** The time of the valid points. */
export const T = Date.UTC(2026, 10, 23, 8);

/** One valid point per measurement (three gate scans: vehicle, staff, vehicle with its plate fields). */
export const validPoints: Point[] = [
  pointFromEvent(gateScan({ time: T, site: 'hgh-xiasha' })),
  pointFromEvent(gateScan({ time: T, site: 'hgh-xiasha', subject: 'staff', plate: '', badge: 'B7' })),
  pointFromEvent(weighbridgeReading({ time: T, site: 'yiwu-customs' })),
  pointFromEvent(flightDeparture({ time: T, site: 'can-baiyun' })),
  // The optional plate fields (GA 36 type, set by plate-reading collectors; colour and vehicle type from ANPR cameras).
  pointFromEvent(
    gateScan({
      time: T,
      site: 'hgh-xiasha',
      plate: '粤BD12345',
      plate_type: 'new-energy-small',
      plate_color: 'green',
      vehicle_type: 'truck',
    }),
  ),
];

const anyText = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.integer({ min: 1, max: 70 }).map((n) => 'A1'.repeat(n).slice(0, n)), // around every length limit
  fc.stringMatching(/^[A-Z0-9]{1,4}$/),
  fc.constantFrom('', 'true', 'false', 'in', 'out', 'staff', 'vehicle', 'held', 'CAN', 'CZ', 'a b', 'x\ty'),
);
/** The schemas' bounds and their neighbours. */
const edge = fc.constantFrom(
  -1,
  -0.5,
  0,
  0.5,
  1,
  2,
  12,
  13,
  200_000,
  200_000.5,
  1e6,
  1e6 + 1,
  1e7,
  1e7 + 1,
  86_400_001,
);
const anyField: fc.Arbitrary<FieldValue> = fc.oneof(
  edge.map((value) => ({ kind: 'float' as const, value })),
  edge.filter(Number.isInteger).map((value) => ({ kind: 'integer' as const, value: BigInt(value) })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ kind: 'float' as const, value })),
  fc.integer({ min: -10, max: 300_000 }).map((value) => ({ kind: 'float' as const, value })),
  fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map((value) => ({ kind: 'integer' as const, value })),
  fc.bigInt(-5n, 20_000_000n).map((value) => ({ kind: 'integer' as const, value })),
  fc.bigInt(0n, 2n ** 64n - 1n).map((value) => ({ kind: 'unsigned' as const, value })),
  anyText.map((value) => ({ kind: 'string' as const, value })),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
);

/**
 * A valid point with one or two keys changed: removed, set to any tag or field, or (most often) kept with its
 * kind and set to a value at one of the schemas' bounds; and maybe another time.
 */
export const mutatedPoint: fc.Arbitrary<Point> = fc
  .constantFrom(...validPoints)
  .chain((base) => {
    const keys = Object.keys(layouts[base.measurement as Measurement]);
    const edit = fc.tuple(fc.constantFrom(...keys), fc.nat(5), anyText, anyField, edge);
    const time = fc.oneof(
      { arbitrary: fc.constant(null), weight: 9 },
      { arbitrary: fc.bigInt(-(10n ** 18n), 5n * 10n ** 18n), weight: 1 },
    );
    return fc.tuple(fc.constant(base), fc.array(edit, { minLength: 1, maxLength: 2 }), time);
  })
  .map(([base, edits, timestamp]) => {
    const p: Point = { ...base, tags: { ...base.tags }, fields: { ...base.fields } };
    for (const [key, op, text, field, bound] of edits) {
      const kind = p.fields[key]?.kind;
      delete p.tags[key];
      delete p.fields[key];
      if (op === 1) p.tags[key] = text;
      else if (op === 2) p.fields[key] = field;
      else if (op === 3) p.tags[key] = String(field.value);
      else if (op >= 4 && kind === 'float') p.fields[key] = { kind, value: bound };
      else if (op >= 4 && kind === 'integer') p.fields[key] = { kind, value: BigInt(Math.trunc(bound)) };
      else if (op >= 4 && kind === 'string') p.fields[key] = { kind, value: text };
      else if (op >= 4) p.tags[key] = text;
    }
    if (timestamp !== null) p.timestamp = timestamp;
    return p;
  });

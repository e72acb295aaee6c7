// Fuzz targets of the JSON event validation: any JSON value, and valid events with one key broken, are
// answered by eventSchema without throwing; whatever it accepts can be stored as line protocol.
import { deepStrictEqual } from 'node:assert';
import fc from 'fast-check';
import { Ingest } from '../server/ingest/ingest';
import { eventSchema, type PortEventInput } from '../shared/events/event';
import { eventFromPoint, eventFromPointWithZod, pointFromEvent } from '../shared/events/point-conversion';
import { flightDeparture, gateScan, weighbridgeReading } from '../shared/events/testing/event-builders';
import { mutatedPoint, T } from '../shared/events/testing/mutated-points';
import { formatProblem } from '../shared/line-protocol/format';
import { memoryStore } from './memory-store';
import { check, type FuzzTarget } from './target';

const t = Date.UTC(2025, 6, 1);
/** One valid event per measurement, the seeds of the mutations. */
export const templates: PortEventInput[] = [
  gateScan({ time: t, site: 'hgh-xiasha', processing_ms: 4200, parcels: 120 }),
  weighbridgeReading({ time: t, site: 'yiwu-customs' }),
  flightDeparture({ time: t, site: 'can-baiyun' }),
];

const anyKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'measurement'),
);

/** A template with one key set to any value, removed, or added; or any JSON-like value at all. */
export const eventLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc
    .tuple(fc.constantFrom(...templates), fc.nat(), fc.anything(), fc.nat(2), anyKey)
    .map(([e, i, v, op, k]) => {
      const copy: Record<string, unknown> = { ...e };
      const key = Object.keys(copy)[i % Object.keys(copy).length]!;
      if (op === 0) copy[key] = v;
      else if (op === 1) delete copy[key];
      else Object.defineProperty(copy, k, { value: v, enumerable: true, configurable: true, writable: true });
      return copy;
    }),
);

const schema: FuzzTarget = {
  name: 'JSON events: eventSchema',
  weight: 3,
  run: (numRuns, seed) =>
    fc.assert(
      fc.property(eventLike, (value) => {
        const r = eventSchema.safeParse(value);
        if (r.success)
          check(formatProblem(pointFromEvent(r.data)) === undefined, 'accepted but not storable');
      }),
      { numRuns, seed },
    ),
};

const ingestJson: FuzzTarget = {
  name: 'ingest: JSON event arrays',
  weight: 1,
  run: async (numRuns, seed) => {
    const ingest = new Ingest(memoryStore(), {
      maxFutureMs: 600_000,
      pointLimits: { maxTags: 8, maxFields: 16, maxKeyBytes: 64, maxValueBytes: 64 },
    });
    await fc.assert(
      fc.asyncProperty(fc.array(eventLike, { maxLength: 4 }), async (items) => {
        const r = await ingest.ingestJson(items);
        check(r.accepted + r.rejected === items.length, 'an event neither accepted nor rejected');
      }),
      { numRuns, seed },
    );
  },
};

/** The compiled checks of the line ingest path answer every point as zod does (same event, same issue). */
const compiled: FuzzTarget = {
  name: 'line events: compiled checks = zod',
  weight: 2,
  run: (numRuns, seed) =>
    fc.assert(
      fc.property(mutatedPoint, (point) => {
        deepStrictEqual(eventFromPoint(point, T), eventFromPointWithZod(point, T));
      }),
      { numRuns, seed },
    ),
};

export const eventTargets = [schema, ingestJson, compiled];

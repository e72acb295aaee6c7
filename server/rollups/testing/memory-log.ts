// An EventStore for rollup tests that need no disk log: empty, or holding the events it is given.
import type { PortEvent } from '../../../shared/events/event';
import { pointFromEvent } from '../../../shared/events/point-conversion';
import type { AcceptedEvent } from '../../ingest/ingest';
import type { EventStore, StoredPoint } from '../../store/store';

export function memoryLog(events: readonly PortEvent[] = []): EventStore {
  const points: StoredPoint[] = events.map((e, i) => ({ seq: i + 1, point: pointFromEvent(e) }));
  return {
    append: async () => {
      throw new Error('memoryLog is read-only');
    },
    async *readRange() {},
    async *readFrom(fromSeq) {
      yield* points.filter((p) => p.seq >= fromSeq);
    },
    lastSeq: () => points.length,
    close: async () => {},
  };
}

/**
 * Events as ingest hands them to listeners, numbered from `firstSeq`, without their points: rollups read
 * only the event, and building 100,000s of points would dominate the test's time.
 */
export function acceptedEvents(events: readonly PortEvent[], firstSeq = 1): AcceptedEvent[] {
  return events.map((event, i) => ({ seq: firstSeq + i, point: undefined as never, event }));
}

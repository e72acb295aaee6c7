// The fan-out: every registered consumer gets every batch with its origin, and one that throws does not keep
// the batch from the others.
import { describe, expect, it } from 'vitest';
import { gateScan } from '../../shared/events/testing/event-builders';
import { EventFanout, type EventOrigin } from './event-fanout';
import type { AcceptedEvent } from './ingest';

describe('EventFanout', () => {
  it('hands each batch, tagged with its origin, to every consumer in registration order', () => {
    const seen: string[] = [];
    const failures: EventOrigin[] = [];
    const fanout = new EventFanout((_e, origin) => failures.push(origin));
    fanout.register(
      { onEvents: (events, origin) => seen.push(`a:${origin}:${events.length}`) },
      {
        onEvents: () => {
          throw new Error('broken consumer');
        },
      },
      { onEvents: (events, origin) => seen.push(`c:${origin}:${events.length}`) },
    );
    const batch: AcceptedEvent[] = [
      { seq: 1, point: {} as never, event: gateScan({ time: 1_700_000_000_000, site: 'hgh-xiasha' }) },
    ];
    for (const origin of ['live', 'replay', 'history'] as const) fanout.onEvents(batch, origin);
    expect(seen).toEqual(['a:live:1', 'c:live:1', 'a:replay:1', 'c:replay:1', 'a:history:1', 'c:history:1']);
    expect(failures).toEqual(['live', 'replay', 'history']);
  });
});

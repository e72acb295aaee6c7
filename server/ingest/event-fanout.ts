// The one list of consumers of accepted events (live KPIs, live hub, alerts, rollups, the InfluxDB shipper).
// Live ingest, the start-up replay of the log and the InfluxDB backfill all publish through it, each batch
// tagged with where its events come from, so a consumer is registered once and decides by the origin what a
// batch means to it (alerts do not count a replayed truck as heard now; only live events are news to ship).
import type { AcceptedEvent } from './ingest';

/**
 * live: just written to the log; replay: read back from the log at start-up; history: read from InfluxDB;
 * stream: cluster mode, just written to this node's log from the cluster's ordered stream (new, like live).
 */
export type EventOrigin = 'live' | 'replay' | 'history' | 'stream';

/** The batch was just appended to this node's log (its own write, or the cluster's stream). */
export const appendedToLog = (origin: EventOrigin) => origin === 'live' || origin === 'stream';

export interface EventConsumer {
  onEvents(events: AcceptedEvent[], origin: EventOrigin): void;
}

export class EventFanout implements EventConsumer {
  private readonly consumers: EventConsumer[] = [];

  /** `onError`: a consumer threw; the others still get the batch (the events are durable already). */
  constructor(private readonly onError: (e: unknown, origin: EventOrigin) => void = () => {}) {}

  register(...consumers: EventConsumer[]): void {
    this.consumers.push(...consumers);
  }

  onEvents(events: AcceptedEvent[], origin: EventOrigin): void {
    for (const c of this.consumers) {
      try {
        c.onEvents(events, origin);
      } catch (e) {
        this.onError(e, origin);
      }
    }
  }
}

// The collector contract: anything that produces portpulse events (simulators now, device drivers for gates,
// weighbridge indicators and A-CDM feeds later) hands them to an EventSink; the sink decides how they travel.
import type { PortEvent } from '../shared/events/event';

/** Where collectors put their events; the server writer is one, a test array is another. */
export interface EventSink {
  /** Takes ownership of `events` (already valid against the shared schemas); must not throw on I/O errors. */
  write(events: PortEvent[]): void | Promise<void>;
}

/** Counters and states a collector reports in its health output. */
export type CollectorStats = Record<string, number | string | boolean | undefined>;

export interface Collector {
  /** Stable name for logs and stats, e.g. "simulator" or "xk3190:yiwu-customs/G1-L1". */
  readonly name: string;
  /** Starts producing events into `sink`; resolves once running (errors here are configuration errors). */
  start(sink: EventSink): Promise<void>;
  /** Stops producing; resolves when no more events will be written to the sink. */
  stop(): Promise<void>;
  /** Counters for the health output (frames read, corrupt frames, polls, …). */
  stats?(): CollectorStats;
  /** Why the source cannot be read right now (device link down, feed failing); undefined when all is well. */
  problem?(): string | undefined;
  /** Finite collectors (replay) resolve this once every event was handed to the sink, or reject it on failure. */
  readonly done?: Promise<void>;
}

/** Produces the events of one site for a time window; simulators implement it, replays could too. */
export interface WindowGenerator<E extends PortEvent = PortEvent> {
  /** Events with times in [fromMs, toMs), sorted by time. Windows must be consecutive and move forward. */
  generate(fromMs: number, toMs: number): E[];
}

// What the hub needs from one WebSocket connection: a narrow seam so the hub is testable without sockets.
import type { Channel } from '../../shared/live/channels';
import type { SnapshotBudget } from './snapshot-budget';

export interface LiveSocket {
  send(data: string): void;
  /** Bytes queued but not yet written to the network. */
  bufferedAmount(): number;
  close(code: number, reason: string): void;
  /** Hold writes until uncork, then send them as one (several frames due at once); optional. */
  cork?(): void;
  uncork?(): void;
}

export interface LiveClient {
  id: number;
  socket: LiveSocket;
  channels: Set<Channel>;
  /** Recent subscribe/unsubscribe messages, for the per-client message rate limit. */
  messageTimes: number[];
  /** Snapshot bytes this client may still pull (PORTPULSE_WS_SNAPSHOT_BYTES_PER_MIN). */
  snapshotBudget: SnapshotBudget;
  closed: boolean;
  /** Corked by the hub for the batch of sends under way. */
  corked?: boolean;
  /** Bytes the client had not read when it was corked (the slow-consumer cut judges these during a batch). */
  backlogAtCork?: number;
  /** Cluster mode: events channels resumed past this node's position → the seq up to which to leave events out. */
  resumeSkip?: Map<Channel, number>;
}

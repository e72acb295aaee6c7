// What the hub needs from one WebSocket connection: a narrow seam so the hub is testable without sockets.
import type { Channel } from '../../shared/live/channels';

export interface LiveSocket {
  send(data: string): void;
  /** Bytes queued but not yet written to the network. */
  bufferedAmount(): number;
  close(code: number, reason: string): void;
}

export interface LiveClient {
  id: number;
  socket: LiveSocket;
  channels: Set<Channel>;
  /** Recent subscribe/unsubscribe messages, for the per-client message rate limit. */
  messageTimes: number[];
  closed: boolean;
}

/** Close codes (4000–4999 are application codes). */
export const CLOSE_SLOW_CONSUMER = 4008;
export const CLOSE_TOO_MANY_CLIENTS = 4009;
export const CLOSE_SHUTDOWN = 1001;

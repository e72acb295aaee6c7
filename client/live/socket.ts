// The socket seam of the live connection: the browser WebSocket behind a small interface tests can fake.

/** What the connection needs from a socket; `browserSocket` adapts the DOM WebSocket, tests pass a fake. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number, reason: string): void;
}
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

/** ws:// or wss:// URL of the live endpoint on the page's own origin. */
export function liveUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/live`;
}

export const browserSocket: SocketFactory = (url, h) => {
  const ws = new WebSocket(url);
  ws.onopen = () => h.open();
  ws.onmessage = (e) => h.message(e.data);
  ws.onclose = (e) => h.close(e.code, e.reason);
  return { send: (d) => ws.send(d), close: (code, reason) => ws.close(code, reason) };
};

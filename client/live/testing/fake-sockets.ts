// The sockets a LiveConnection opens in unit tests: each keeps its URL, the handlers the connection gave it (a
// test plays the server through h.open(), h.message(), h.close()), what was sent to it (parsed) and the code
// the connection closed it with.
import type { SocketFactory, SocketHandlers } from '../socket';

export interface FakeSocket {
  url: string;
  h: SocketHandlers;
  sent: unknown[];
  closed?: number;
}

export function fakeSockets(): { sockets: FakeSocket[]; createSocket: SocketFactory; last(): FakeSocket } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    createSocket: (url, h) => {
      const s: FakeSocket = { url, h, sent: [] };
      sockets.push(s);
      return {
        send: (d) => s.sent.push(JSON.parse(d)),
        close: (code) => {
          s.closed = code;
        },
      };
    },
    last: () => sockets.at(-1)!,
  };
}

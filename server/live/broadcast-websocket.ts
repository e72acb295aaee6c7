// The `ws` WebSocket class of the live endpoint (the WebSocketServer's `WebSocket` option). The hub sends
// one serialised frame to every subscriber in a row; given a string, ws measures and UTF-8-encodes it
// again for each socket (Buffer.byteLength alone was 10 % of the server's CPU at 1,000 clients). This class
// encodes a string once and hands the same Buffer to the sockets that follow, still as a text frame. cork()
// and uncork() let the hub send several frames due at once to one client in a single socket write.
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';

type SendData = Parameters<WebSocket['send']>[0];
type SendCallback = (err?: Error) => void;
type SendOptions = Exclude<Parameters<WebSocket['send']>[1], SendCallback | undefined>;

/** The last string sent and its UTF-8 bytes: a broadcast sends the same string to every subscriber. */
let lastText: string | undefined;
let lastBytes = Buffer.alloc(0);

function utf8(text: string): Buffer {
  if (text !== lastText) {
    lastBytes = Buffer.from(text, 'utf8');
    lastText = text;
  }
  return lastBytes;
}

export class BroadcastWebSocket extends WebSocket {
  override send(data: SendData, options?: SendOptions | SendCallback, cb?: SendCallback): void {
    // A string with options or a callback is someone else's send: leave it exactly as ws does it.
    if (typeof data === 'string' && options === undefined && cb === undefined) {
      // ws does not copy or mask a Buffer it sends from a server, so sharing one between sockets is safe.
      super.send(utf8(data), { binary: false });
    } else if (typeof options === 'function') super.send(data, options);
    else super.send(data, options ?? {}, cb);
  }

  /** Holds the frames sent from now on in the TCP socket until uncork(), which writes them all at once. */
  cork(): void {
    this.tcp()?.cork();
  }

  uncork(): void {
    this.tcp()?.uncork();
  }

  /** ws keeps the connection's socket in `_socket` (set once the upgrade completes). */
  private tcp(): Duplex | undefined {
    return (this as unknown as { _socket?: Duplex | null })._socket ?? undefined;
  }
}

// A minimal JSON HTTP server for the collectors' inputs (gate webhooks, operator plate input, /health):
// bodies are read with a size limit and parsed once; the handler answers with a status and a JSON body.
// Device protocols that are not JSON (camera multipart/XML pushes, badge readers' text) take their paths
// raw (`raw` option): the handler gets the bytes and may answer with text in the device's own format.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorBody } from '../../../shared/errors';
import type { Listen } from './runner-config';

export interface JsonRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none (or the path is raw). */
  body: unknown;
  /** The body as received. */
  raw: Buffer;
  query: URLSearchParams;
  /** The peer's address (a camera's IP when it does not name itself). */
  remoteAddress: string;
}

export interface JsonReply {
  status: number;
  body?: unknown;
  /** A non-JSON answer (a device protocol's own text or XML), sent instead of `body`. */
  text?: string;
  contentType?: string;
}

export interface JsonServerOptions {
  /** Largest body (413 above); default 1 MiB. */
  maxBodyBytes?: number;
  /** Paths whose bodies are handed over raw, not parsed as JSON. */
  raw?: (path: string) => boolean;
}

export interface JsonHttpServer {
  url: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export const errorReply = (status: number, code: ErrorBody['code'], message: string): JsonReply => ({
  status,
  body: { code, message } satisfies ErrorBody,
});

export async function startJsonServer(
  listen: Listen,
  handle: (req: JsonRequest) => JsonReply | Promise<JsonReply>,
  options: JsonServerOptions = {},
): Promise<JsonHttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const send = (reply: JsonReply) => {
      if (res.headersSent) return;
      const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      const type = reply.text !== undefined ? reply.contentType : text && 'application/json; charset=utf-8';
      res.writeHead(reply.status, type ? { 'content-type': type } : {});
      res.end(text);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBodyBytes) {
        send(errorReply(413, 'too_large', `body over ${maxBodyBytes} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname;
      let body: unknown;
      if (!options.raw?.(path)) {
        const text = raw.toString('utf8');
        try {
          body = text.trim() === '' ? undefined : JSON.parse(text);
        } catch (e) {
          return send(errorReply(400, 'invalid', `body is not valid JSON: ${(e as Error).message}`));
        }
      }
      const remoteAddress = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      try {
        send(
          await handle({
            method: req.method ?? 'GET',
            path,
            headers: req.headers,
            body,
            raw,
            query: url.searchParams,
            remoteAddress,
          }),
        );
      } catch (e) {
        send(errorReply(500, 'internal', (e as Error).message));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

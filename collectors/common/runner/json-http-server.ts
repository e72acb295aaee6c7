// A minimal JSON HTTP server for the collectors' inputs (gate webhooks, operator plate input, /health):
// bodies are read with a size limit and parsed once; the handler answers with a status and a JSON body.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorBody } from '../../../shared/errors';
import type { Listen } from './runner-config';

export interface JsonRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface JsonReply {
  status: number;
  body?: unknown;
}

export interface JsonHttpServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export const errorReply = (status: number, code: ErrorBody['code'], message: string): JsonReply => ({
  status,
  body: { code, message } satisfies ErrorBody,
});

export async function startJsonServer(
  listen: Listen,
  handle: (req: JsonRequest) => JsonReply | Promise<JsonReply>,
): Promise<JsonHttpServer> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const send = (reply: JsonReply) => {
      if (res.headersSent) return;
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, text ? { 'content-type': 'application/json; charset=utf-8' } : {});
      res.end(text);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        send(errorReply(413, 'too_large', `body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text.trim() === '' ? undefined : JSON.parse(text);
      } catch (e) {
        return send(errorReply(400, 'invalid', `body is not valid JSON: ${(e as Error).message}`));
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      try {
        send(await handle({ method: req.method ?? 'GET', path, headers: req.headers, body }));
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

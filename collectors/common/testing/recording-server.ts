// Test helper: a tiny real HTTP server on 127.0.0.1 that records every write request (gzip inflated) and
// answers with whatever the test's responder says (204 by default).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { waitFor as waitUntil } from '../../../server/testing/wait-for';

export interface RecordedRequest {
  method: string;
  /** Path with query string, e.g. /api/v2/write?org=portpulse&bucket=portpulse&precision=ms */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status: number;
  body?: string;
  contentType?: string;
}

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingServer(
  respond: (req: RecordedRequest, index: number) => Reply = () => ({ status: 204 }),
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      const reply = respond(recorded, requests.length - 1);
      res.writeHead(
        reply.status,
        reply.body ? { 'content-type': reply.contentType ?? 'application/json' } : {},
      );
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The collector tests' short form of the shared waitFor: `condition` polled every 20 ms for up to 20 s. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  await waitUntil(what, condition, { timeoutMs, intervalMs: 20 });
}

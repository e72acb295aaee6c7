// A real HTTP endpoint on 127.0.0.1 standing in for a webhook receiver or a chat robot in tests: it records every
// request (path, query, headers, raw body) and answers what the test's handler says (by default 200 + `{}`).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { countWaiter } from './wait-for-count';

export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export type Answer = { status: number; body: unknown };

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Replaces how the receiver answers from now on. */
  answer(handler: (r: ReceivedRequest) => Answer): void;
  /** Resolves once `count` requests arrived (or rejects after `timeoutMs` with what did). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startHttpReceiver(
  handler: (r: ReceivedRequest) => Answer = () => ({ status: 200, body: {} }),
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const arrivals = countWaiter(requests, (rs) => rs.map((r) => r.body).join('\n'));
  let answer = handler;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const r: ReceivedRequest = {
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body,
        json,
      };
      const a = answer(r);
      requests.push(r);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
      arrivals.notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(h) {
      answer = h;
    },
    waitFor: arrivals.waitFor,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

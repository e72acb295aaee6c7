// Writes pre-built line-protocol bodies to a /write endpoint with a fixed number of requests in flight, and
// times from the first request to the last acknowledgement. Any non-2xx answer fails the run loudly.
import { Agent, request } from 'node:http';

export interface WriteTiming {
  requests: number;
  seconds: number;
}

function post(url: URL, body: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'text/plain; charset=utf-8' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`POST ${url.pathname}${url.search} → ${status}: ${text.slice(0, 300)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POSTs every body to `writeUrl` (e.g. http://h:p/write?db=x&precision=ns), `concurrency` at a time. */
export async function writeBatches(
  writeUrl: string,
  bodies: string[],
  concurrency: number,
): Promise<WriteTiming> {
  const url = new URL(writeUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      await post(url, body, agent);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  } finally {
    agent.destroy();
  }
  return { requests: bodies.length, seconds: (performance.now() - t0) / 1000 };
}

/** POSTs one body (a small control write or a steady-writer tick). */
export function writeOnce(writeUrl: string, body: string, agent: Agent): Promise<void> {
  return post(new URL(writeUrl), body, agent);
}

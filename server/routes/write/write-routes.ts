// InfluxDB-compatible write endpoints: POST /api/v2/write (2.x clients, Telegraf influxdb_v2) and
// POST /write (1.x clients, Telegraf influxdb); their query parameters are in write-query.ts.
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../../app-deps';
import { decodeUtf8, readBody } from '../../ingest/read-body';
import { checkLineCount } from '../../limits/line-count';
import { parseQuery } from '../parse-query';
import { respondToIngest } from './respond';
import { v1WriteQuerySchema, v2WriteQuerySchema } from './write-query';

/** The body as text within the size limits (PORTPULSE_MAX_BODY_BYTES, PORTPULSE_MAX_LINES). */
async function readLines(c: Context, deps: AppDeps): Promise<string> {
  const body = decodeUtf8(await readBody(c.req.raw, deps.config.maxBodyBytes));
  checkLineCount(body, deps.config.maxLines);
  return body;
}

export function writeRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.post('/api/v2/write', async (c) => {
    const { precision } = parseQuery(v2WriteQuerySchema, c.req.query());
    return respondToIngest(c, await deps.ingestLines(await readLines(c, deps), precision), 'line');
  });

  app.post('/write', async (c) => {
    const { precision } = parseQuery(v1WriteQuerySchema, c.req.query());
    return respondToIngest(c, await deps.ingestLines(await readLines(c, deps), precision), 'line');
  });

  return app;
}

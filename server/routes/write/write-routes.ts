// InfluxDB-compatible write endpoints: POST /api/v2/write (2.x clients, Telegraf influxdb_v2) and
// POST /write (1.x clients, Telegraf influxdb); their query parameters are in write-query.ts.
import { type Context, Hono } from 'hono';
import type { Precision } from '../../../shared/line-protocol/types';
import type { AppDeps } from '../../app-deps';
import { decodeUtf8, readBody } from '../../ingest/read-body';
import { checkLineCount } from '../../limits/line-count';
import { parseQuery } from '../parse-query';
import { respondToIngest } from './respond';
import { v1WriteQuerySchema, v2WriteQuerySchema } from './write-query';

/**
 * Ingests the body within the size limits (PORTPULSE_MAX_BODY_BYTES, PORTPULSE_MAX_LINES), handing over its
 * bytes too: lines kept exactly as received are stored as those bytes.
 */
async function ingestBody(c: Context, deps: AppDeps, precision: Precision) {
  const received = await readBody(c.req.raw, deps.config.maxBodyBytes);
  const body = decodeUtf8(received);
  checkLineCount(body, deps.config.maxLines);
  return respondToIngest(c, await deps.ingestLines(body, precision, received), 'line');
}

export function writeRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.post('/api/v2/write', async (c) => {
    const { precision } = parseQuery(v2WriteQuerySchema, c.req.query());
    return ingestBody(c, deps, precision);
  });

  app.post('/write', async (c) => {
    const { precision } = parseQuery(v1WriteQuerySchema, c.req.query());
    return ingestBody(c, deps, precision);
  });

  return app;
}

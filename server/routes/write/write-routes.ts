// InfluxDB-compatible write endpoints: POST /api/v2/write (2.x clients, Telegraf influxdb_v2) and
// POST /write (1.x clients, Telegraf influxdb). portpulse has one store, so any bucket/db name is accepted
// (it is required, as InfluxDB requires it, so misconfigured clients still get a clear error).
import { type Context, Hono } from 'hono';
import { PortpulseError } from '../../../shared/errors';
import type { AppDeps } from '../../app-deps';
import { decodeUtf8, readBody } from '../../ingest/read-body';
import { checkLineCount } from '../../limits/line-count';
import { parsePrecision } from './precision';
import { respondToIngest } from './respond';

/** The body as text within the size limits (PORTPULSE_MAX_BODY_BYTES, PORTPULSE_MAX_LINES). */
async function readLines(c: Context, deps: AppDeps): Promise<string> {
  const body = decodeUtf8(await readBody(c.req.raw, deps.config.maxBodyBytes));
  checkLineCount(body, deps.config.maxLines);
  return body;
}

export function writeRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.post('/api/v2/write', async (c) => {
    if (!c.req.query('bucket'))
      throw new PortpulseError('invalid', 'bucket is required (query parameter "bucket")');
    const precision = parsePrecision(c.req.query('precision'), 'v2');
    return respondToIngest(c, await deps.ingestLines(await readLines(c, deps), precision), 'line');
  });

  app.post('/write', async (c) => {
    if (!c.req.query('db'))
      throw new PortpulseError('invalid', 'database is required (query parameter "db")');
    const precision = parsePrecision(c.req.query('precision'), 'v1');
    return respondToIngest(c, await deps.ingestLines(await readLines(c, deps), precision), 'line');
  });

  return app;
}

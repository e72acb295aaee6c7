// POST /api/events: a JSON array of events, each validated by the shared zod schemas.
import { Hono } from 'hono';
import { PortpulseError } from '../../../shared/errors';
import type { AppDeps } from '../../app-deps';
import { decodeUtf8, readBody } from '../../ingest/read-body';
import { respondToIngest } from '../write/respond';

export function eventRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  app.post('/api/events', async (c) => {
    const text = decodeUtf8(await readBody(c.req.raw, deps.config.maxBodyBytes));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new PortpulseError('invalid', `body is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(json)) throw new PortpulseError('invalid', 'body must be a JSON array of events');
    if (json.length > deps.config.maxLines)
      throw new PortpulseError(
        'too_large',
        `${json.length} events in one request; the limit is ${deps.config.maxLines} (PORTPULSE_MAX_LINES)`,
      );
    return respondToIngest(c, await deps.ingestJson(json), 'event');
  });
  return app;
}

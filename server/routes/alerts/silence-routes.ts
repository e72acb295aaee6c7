// Silences: GET /api/silences (those in force), POST /api/silences (create: matchers, end time or duration,
// reason, author), POST /api/silences/end { id } (end one early). Durable before the answer.
import { Hono } from 'hono';
import { z } from 'zod';
import {
  type silenceListSchema,
  silenceRequestSchema,
  silenceSchema,
} from '../../../shared/alerting/silence';
import { PortpulseError } from '../../../shared/errors';
import type { AppDeps } from '../../app-deps';
import { parseJsonBody } from './json-body';

export const endSilenceRequestSchema = z.strictObject({ id: z.string().min(1).max(64) });
export const silenceResponseSchema = z.object({ silence: silenceSchema });

export function silenceRoutes(deps: AppDeps): Hono {
  return new Hono()
    .get('/api/silences', (c) =>
      c.json({ silences: deps.alerting.activeSilences() } satisfies z.input<typeof silenceListSchema>),
    )
    .post('/api/silences', async (c) => {
      const req = await parseJsonBody(c, silenceRequestSchema);
      if (req.matchers.site !== undefined && !deps.sites.some((s) => s.id === req.matchers.site))
        throw new PortpulseError('invalid', `matchers.site: unknown site "${req.matchers.site}"`, {
          field: 'matchers.site',
        });
      if (req.endsAt !== undefined && req.endsAt <= Date.now())
        throw new PortpulseError('invalid', 'endsAt: must be in the future', { field: 'endsAt' });
      const silence = await deps.alerting.createSilence(req);
      deps.log('info', 'silence created', {
        silence: silence.id,
        by: silence.createdBy,
        until: silence.endsAt,
      });
      return c.json({ silence } satisfies z.input<typeof silenceResponseSchema>);
    })
    .post('/api/silences/end', async (c) => {
      const { id } = await parseJsonBody(c, endSilenceRequestSchema);
      const silence = await deps.alerting.endSilence(id);
      if (!silence) throw new PortpulseError('not_found', `no silence "${id}"`);
      return c.json({ silence } satisfies z.input<typeof silenceResponseSchema>);
    });
}

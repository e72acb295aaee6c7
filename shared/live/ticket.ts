// The answer of POST /api/live/ticket: a one-time ticket for `GET /api/live?ticket=` (the liveTicket scheme of
// /openapi.json; the server's auth middleware redeems it, the dashboard parses it before connecting).
import { z } from 'zod';

export const ticketResponseSchema = z.object({
  ticket: z.string(),
  expiresAt: z.number().describe('epoch ms; the ticket is valid once, until then'),
});

// The answer of POST /api/live/ticket: a one-time ticket for `GET /api/live?ticket=` (the liveTicket scheme of
// /openapi.json; the auth middleware redeems it, server/auth/credentials.ts).
import { z } from 'zod';

export const ticketResponseSchema = z.object({
  ticket: z.string(),
  expiresAt: z.number().describe('epoch ms; the ticket is valid once, until then'),
});

// The one error vocabulary of portpulse: codes, their HTTP status, and the JSON body every API error uses.
import { z } from 'zod';

export const errorCodes = [
  'invalid', // bad input (line protocol, JSON, query parameters)
  'too_large', // body or batch over a configured limit
  'unsupported_media', // content encoding / type we cannot read
  'not_found',
  'unavailable', // durable log full or shutting down; retry later
  'rate_limited',
  'unauthorized',
  'forbidden', // a valid token without the needed scope (e.g. a read token on a write endpoint)
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const httpStatusOf: Record<ErrorCode, number> = {
  invalid: 400,
  too_large: 413,
  unsupported_media: 415,
  not_found: 404,
  unavailable: 503,
  rate_limited: 429,
  unauthorized: 401,
  forbidden: 403,
  internal: 500,
};

/** JSON body of every error response. `line`/`field` are set for ingest errors, as InfluxDB does. */
export const errorBodySchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  requestId: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  field: z.string().optional(),
  accepted: z.number().int().optional(),
  rejected: z.number().int().optional(),
  errors: z
    .array(z.object({ line: z.number().int(), column: z.number().int().optional(), message: z.string() }))
    .optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * An API error: thrown by routes and middleware, turned into an ErrorBody by the app's single onError, which
 * also maps the domain errors of the store and of body reading. Response headers are the edge's business.
 */
export class PortpulseError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Omit<ErrorBody, 'code' | 'message' | 'requestId'> = {},
  ) {
    super(message);
    this.name = 'PortpulseError';
  }
  get status(): number {
    return httpStatusOf[this.code];
  }
}

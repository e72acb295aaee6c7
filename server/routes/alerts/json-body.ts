// Reads a JSON request body and parses it with its zod schema; any problem is one 400 naming the field.
import type { Context } from 'hono';
import type { z } from 'zod';
import { PortpulseError } from '../../../shared/errors';

export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new PortpulseError('invalid', 'the body must be a JSON object');
  }
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.');
  throw new PortpulseError('invalid', field ? `${field}: ${issue.message}` : issue.message, { field });
}

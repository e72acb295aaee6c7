// Parses a request's query with the zod schema that also describes it in /openapi.json; any problem becomes one
// clear 400 naming the parameter (and, for an unknown one of a strict schema, what is accepted).
import type { z } from 'zod';
import { PortpulseError } from '../../shared/errors';

/** Parses c.req.query() or throws a 400 naming the first problem. */
export function parseQuery<S extends z.ZodObject>(schema: S, query: Record<string, string>): z.output<S> {
  const r = schema.safeParse(query);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const accepted = Object.keys(schema.shape).join(', ');
    throw new PortpulseError('invalid', `unknown parameter "${issue.keys[0]}"; accepted: ${accepted}`);
  }
  throw new PortpulseError('invalid', issue.message, { field: String(issue.path[0] ?? '') });
}

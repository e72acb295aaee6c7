// Builds the OpenAPI 3.1 document from the operation list: parameters and bodies from the zod schemas
// (z.toJSONSchema, input side), security and error responses from the same access policy the server enforces.
import { z } from 'zod';
import { accessFor } from '../auth/access-policy';
import { siteQuerySchema } from '../routes/sites/site-query';
import { type Body, errorSchema, type Operation, operations } from './operations';

type JsonObject = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

function parameters(query: z.ZodObject | undefined): JsonObject[] {
  if (!query) return [];
  const js = jsonSchema(query) as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
}

const content = (b: Body) => ({
  description: b.description,
  content: { [b.contentType]: b.schema ? { schema: jsonSchema(b.schema) } : {} },
});

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

function security(op: Operation): JsonObject[] {
  const access = accessFor(op.method.toUpperCase(), op.path);
  if (access === 'open') return [];
  const schemes: JsonObject[] = [{ token: [] }, { bearer: [] }];
  if (op.path === '/write') schemes.push({ basic: [] }, { queryPassword: [] });
  if (op.path === '/api/live') schemes.push({ liveTicket: [] });
  return schemes;
}

function errors(op: Operation): JsonObject {
  const access = accessFor(op.method.toUpperCase(), op.path);
  const out: JsonObject = {};
  if (op.query || op.body) out[400] = errorRef('invalid input (for writes: the valid lines were stored)');
  if (op.query?.shape.site === siteQuerySchema.shape.site)
    out[404] = errorRef('unknown site (see GET /api/sites)');
  if (access !== 'open') {
    out[401] = errorRef(`missing or invalid ${access} token`);
    out[403] = errorRef(`the token has no ${access} scope`);
    out[429] = errorRef('rate limit per token; see Retry-After');
  }
  if (access === 'write') {
    out[413] = errorRef('body, decompressed body or line count over the limit');
    out[503] = errorRef('log full or shutting down; see Retry-After');
  }
  out.default = errorRef('any other error, as { code, message, requestId }');
  return out;
}

export function openApiDocument(version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const op of operations) {
    const responses = Object.fromEntries(Object.entries(op.responses).map(([k, b]) => [k, content(b)]));
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      tags: [op.tag],
      summary: op.summary,
      operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string) => (c ?? '').toUpperCase())}`,
      parameters: parameters(op.query),
      ...(op.body ? { requestBody: { required: true, ...content(op.body) } } : {}),
      responses: { ...responses, ...errors(op) },
      security: security(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'portpulse API',
      version,
      description:
        'InfluxDB-compatible writes, live KPIs and monthly logistics indices. Tokens: `Authorization: Token <t>` ' +
        '(or Bearer); write tokens for collectors, read tokens for viewers. Errors: `{ code, message, requestId }`.',
    },
    tags: ['write', 'read', 'live', 'operations', 'docs'].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ErrorBody: jsonSchema(errorSchema) },
      securitySchemes: {
        token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <token>' },
        bearer: { type: 'http', scheme: 'bearer' },
        basic: {
          type: 'http',
          scheme: 'basic',
          description: 'InfluxDB 1.x: any user, the token as password',
        },
        queryPassword: { type: 'apiKey', in: 'query', name: 'p', description: 'InfluxDB 1.x: the token' },
        liveTicket: {
          type: 'apiKey',
          in: 'query',
          name: 'ticket',
          description: 'from POST /api/live/ticket',
        },
      },
    },
  };
}

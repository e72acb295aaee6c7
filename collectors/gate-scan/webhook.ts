// The gate webhook's HTTP handling: bearer-token check, the native endpoints (/scans, /decisions) and the
// configured vendor endpoints, whose payloads are mapped onto the native fields first. A body may hold one
// item or an array (or an array under `items`). Bad items are answered 400 naming the item and field.
import { timingSafeEqual } from 'node:crypto';
import { type FieldMapping, mapJson, resolvePointer } from '../common/devices/field-mapping';
import { errorReply, type JsonReply, type JsonRequest } from '../common/runner/json-http-server';
import { type GateScanConfig, NATIVE_PATHS } from './config';
import type { GateDesk } from './gate-desk';
import {
  decisionFields,
  decisionPayloadSchema,
  firstIssue,
  readFields,
  readPayloadSchema,
} from './scan-payload';

interface Route {
  type: 'read' | 'decision';
  items: string | undefined;
  mapping: FieldMapping;
}

const identity = (fields: string[]): FieldMapping => ({
  map: Object.fromEntries(fields.map((f) => [f, `/${f}`])),
  set: {},
  values: {},
});

export function gateWebhook(config: GateScanConfig, desk: GateDesk): (req: JsonRequest) => JsonReply {
  const routes = new Map<string, Route>([
    [NATIVE_PATHS.read, { type: 'read', items: undefined, mapping: identity(readFields) }],
    [NATIVE_PATHS.decision, { type: 'decision', items: undefined, mapping: identity(decisionFields) }],
    ...config.endpoints.map((e): [string, Route] => [e.path, { type: e.type, items: e.items, mapping: e }]),
  ]);
  const token = config.token ? Buffer.from(`Bearer ${config.token}`) : undefined;
  return (req) => {
    const route = routes.get(req.path);
    if (!route || req.method !== 'POST')
      return errorReply(404, 'not_found', `POST to one of: ${[...routes.keys()].join(', ')}`);
    if (token) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== token.length || !timingSafeEqual(given, token))
        return errorReply(401, 'unauthorized', 'missing or wrong "Authorization: Bearer <token>"');
    }
    const body = route.items === undefined ? req.body : resolvePointer(req.body, route.items);
    const items = Array.isArray(body) ? body : [body];
    let unmatched = 0;
    for (const [i, item] of items.entries()) {
      const where = items.length > 1 ? `item ${i + 1}: ` : '';
      if (item === null || typeof item !== 'object')
        return errorReply(400, 'invalid', `${where}expected a JSON object`);
      const mapped = mapJson(route.mapping, item);
      if (route.type === 'read') {
        const parsed = readPayloadSchema.safeParse(mapped);
        const error = parsed.success ? desk.read(parsed.data) : firstIssue(parsed.error);
        if (error) return errorReply(400, 'invalid', `${where}${error}`);
      } else {
        const parsed = decisionPayloadSchema.safeParse(mapped);
        if (!parsed.success) return errorReply(400, 'invalid', `${where}${firstIssue(parsed.error)}`);
        const outcome = desk.decide(parsed.data);
        if (typeof outcome === 'object') return errorReply(400, 'invalid', `${where}${outcome.error}`);
        if (outcome === 'unmatched') unmatched++;
      }
    }
    return { status: 202, body: { accepted: items.length - unmatched, unmatched } };
  };
}

// The gate webhook's HTTP handling: bearer-token check, the native endpoints (/scans, /decisions), the
// endpoints mapped with JSON Pointers (payloads mapped onto the native fields first) and the vendor presets
// (devices pushing in their own format, answered in it; see vendors/). A body may hold one item or an array
// (or an array under `items`). Bad items are answered 400 naming the item and field.
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../shared/logger';
import { type FieldMapping, mapJson, resolvePointer } from '../common/devices/field-mapping';
import { errorReply, type JsonReply, type JsonRequest } from '../common/runner/json-http-server';
import type { ProblemLog } from '../common/runner/problem-log';
import {
  endpointPath,
  type GateScanConfig,
  isVendorEndpoint,
  NATIVE_PATHS,
  type VendorEndpointConfig,
} from './config';
import type { GateDesk } from './gate-desk';
import {
  decisionFields,
  decisionPayloadSchema,
  firstIssue,
  readFields,
  readPayloadSchema,
} from './scan-payload';
import { presets } from './vendors/presets';
import type { Decoded, PresetContext, VendorPreset } from './vendors/vendor-preset';

interface MappedRoute {
  kind: 'mapped';
  type: 'read' | 'decision';
  items: string | undefined;
  mapping: FieldMapping;
}

interface VendorRoute {
  kind: 'vendor';
  preset: VendorPreset;
  context: PresetContext;
  releasedOnRead: boolean;
}

export interface WebhookOptions {
  /** Throttled warnings about device pushes. */
  problems: ProblemLog;
  /** Debug lines (vehicle codes that map to nothing). */
  log?: Logger;
  /** Saves a camera picture; false when over the cap (hikvision-isapi with `pictures`). */
  savePicture?: (endpoint: VendorEndpointConfig, device: string, name: string, data: Buffer) => boolean;
}

/** Counts of what devices pushed besides reads (health stats). */
export const deviceCounters = () => ({
  malformed: 0,
  refusedReads: 0,
  otherPushes: 0,
  unknownVehicleCodes: 0,
});

const identity = (fields: string[]): FieldMapping => ({
  map: Object.fromEntries(fields.map((f) => [f, `/${f}`])),
  set: {},
  values: {},
});

export interface GateWebhook {
  handle(req: JsonRequest): Promise<JsonReply>;
  /** Whether a path's bodies are taken raw (vendor presets decode their own formats). */
  isRaw(path: string): boolean;
  counters: ReturnType<typeof deviceCounters>;
}

export function gateWebhook(config: GateScanConfig, desk: GateDesk, options: WebhookOptions): GateWebhook {
  const routes = new Map<string, MappedRoute | VendorRoute>([
    [NATIVE_PATHS.read, { kind: 'mapped', type: 'read', items: undefined, mapping: identity(readFields) }],
    [
      NATIVE_PATHS.decision,
      { kind: 'mapped', type: 'decision', items: undefined, mapping: identity(decisionFields) },
    ],
  ]);
  for (const e of config.endpoints) {
    if (!isVendorEndpoint(e)) {
      routes.set(e.path, { kind: 'mapped', type: e.type, items: e.items, mapping: e });
      continue;
    }
    const preset = presets[e.vendor];
    const save = options.savePicture;
    routes.set(endpointPath(e), {
      kind: 'vendor',
      preset,
      releasedOnRead: e.releasedOnRead ?? preset.releasedOnRead,
      context: {
        config,
        endpoint: e,
        ...(save && e.pictures ? { savePicture: (device, name, data) => save(e, device, name, data) } : {}),
      },
    });
  }
  const route = (path: string) => {
    const exact = routes.get(path);
    if (exact) return exact;
    for (const [base, r] of routes)
      if (r.kind === 'vendor' && !r.preset.exactPath && path.startsWith(`${base}/`)) return r;
    return undefined;
  };
  const counters = deviceCounters();
  const token = config.token ? Buffer.from(`Bearer ${config.token}`) : undefined;

  const vendor = async (r: VendorRoute, req: JsonRequest): Promise<JsonReply> => {
    const name = r.preset.name;
    let decoded: Decoded;
    try {
      decoded = await r.preset.decode(req, r.context);
    } catch (e) {
      decoded = { kind: 'error', device: req.remoteAddress, reason: (e as Error).message };
    }
    if (decoded.kind === 'error') {
      counters.malformed++;
      options.problems.report(`${name} pushes`, `${name} ${decoded.device}: ${decoded.reason}`);
      return r.preset.refused(decoded.reason, decoded);
    }
    if (decoded.kind === 'other') {
      counters.otherPushes++;
      return decoded.reply ?? r.preset.accepted({ kind: 'reads', device: decoded.device, reads: [] });
    }
    for (const code of decoded.unknownCodes ?? []) {
      counters.unknownVehicleCodes++;
      options.log?.('debug', `${name} ${decoded.device}: unknown vehicle code ${code}, field left out`);
    }
    for (const p of decoded.problems ?? []) {
      counters.malformed++;
      options.problems.report(`${name} pushes`, `${name} ${decoded.device}: ${p}`);
    }
    let taken = 0;
    let lastError = '';
    for (const item of decoded.reads) {
      // Released on read (a badge opens the turnstile): decided when read, so processing_ms is 0.
      const released = r.releasedOnRead ? { result: 'released', released_at: item.time } : {};
      const parsed = readPayloadSchema.safeParse({ ...released, ...item });
      const error = parsed.success ? desk.read(parsed.data) : firstIssue(parsed.error);
      if (error === undefined) taken++;
      else {
        counters.refusedReads++;
        lastError = error;
        options.problems.report(`${name} reads`, `${name} ${decoded.device}: read refused: ${error}`);
      }
    }
    return taken === 0 && decoded.reads.length > 0
      ? r.preset.refused(lastError, decoded)
      : r.preset.accepted(decoded);
  };

  const mapped = (r: MappedRoute, req: JsonRequest): JsonReply => {
    if (token) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== token.length || !timingSafeEqual(given, token))
        return errorReply(401, 'unauthorized', 'missing or wrong "Authorization: Bearer <token>"');
    }
    const body = r.items === undefined ? req.body : resolvePointer(req.body, r.items);
    const items = Array.isArray(body) ? body : [body];
    let unmatched = 0;
    for (const [i, item] of items.entries()) {
      const where = items.length > 1 ? `item ${i + 1}: ` : '';
      if (item === null || typeof item !== 'object')
        return errorReply(400, 'invalid', `${where}expected a JSON object`);
      const fields = mapJson(r.mapping, item);
      if (r.type === 'read') {
        const parsed = readPayloadSchema.safeParse(fields);
        const error = parsed.success ? desk.read(parsed.data) : firstIssue(parsed.error);
        if (error) return errorReply(400, 'invalid', `${where}${error}`);
      } else {
        const parsed = decisionPayloadSchema.safeParse(fields);
        if (!parsed.success) return errorReply(400, 'invalid', `${where}${firstIssue(parsed.error)}`);
        const outcome = desk.decide(parsed.data);
        if (typeof outcome === 'object') return errorReply(400, 'invalid', `${where}${outcome.error}`);
        if (outcome === 'unmatched') unmatched++;
      }
    }
    return { status: 202, body: { accepted: items.length - unmatched, unmatched } };
  };

  return {
    counters,
    isRaw: (path) => route(path)?.kind === 'vendor',
    async handle(req) {
      const r = route(req.path);
      const allowed = r?.kind === 'vendor' ? r.preset.methods : ['POST'];
      if (!r || !allowed.includes(req.method))
        return errorReply(404, 'not_found', `POST to one of: ${[...routes.keys()].join(', ')}`);
      // Cameras and badge readers cannot send a bearer token: the devices table is their allow-list.
      return r.kind === 'vendor' ? vendor(r, req) : mapped(r, req);
    },
  };
}

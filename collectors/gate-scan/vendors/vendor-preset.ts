// What a vendor preset is: it decodes a device's push as the device sends it (multipart, XML, JSON, text)
// into reads in the documented gate fields, and answers the device in its own protocol, so the device neither
// retries nor marks the server offline. Presets resolve the device against the config's `devices` table
// themselves (by serial number, IP, channel …), because each vendor names its devices differently.
import type { JsonReply, JsonRequest } from '../../common/runner/json-http-server';
import type { GateScanConfig, VendorEndpointConfig } from '../config';

export type DeviceEntry = GateScanConfig['devices'][string];

/** The outcome of decoding one push. */
export type Decoded =
  | {
      kind: 'reads';
      /** Who sent it (for logs): the device key found in `devices`, or what the device called itself. */
      device: string;
      /** Reads in the documented gate fields (see scan-payload.ts), ready for the desk. */
      reads: Record<string, unknown>[];
      /** Anything the answer must echo (a record id, a request id). */
      echo?: Record<string, unknown>;
      /** Parts of the push that were unusable but did not spoil the rest (bad lines of a batch). */
      problems?: string[];
      /** Vehicle codes (plate colour, vehicle type) that map to no canonical value: left out, counted. */
      unknownCodes?: string[];
    }
  /** A push that carries no plate or badge read (heartbeats, other event types, the handshake). */
  | { kind: 'other'; device: string; what: string; reply?: JsonReply }
  /** A malformed push, or one from a device that is not configured. */
  | { kind: 'error'; device: string; reason: string };

export interface PresetContext {
  config: GateScanConfig;
  endpoint: VendorEndpointConfig;
  /** Saves a picture part when the endpoint asks for it; false when it is over the size cap. */
  savePicture?: (device: string, name: string, data: Buffer) => boolean;
}

export interface VendorPreset {
  name: string;
  /** Path the endpoint takes unless the config gives one. */
  defaultPath: string;
  /** Whether a read means the barrier opened (badge readers) rather than waiting for the release system. */
  releasedOnRead: boolean;
  /** Whether the path is the endpoint's only path (false: a prefix, e.g. /iclock/cdata, /iclock/getrequest). */
  exactPath: boolean;
  /** Methods the device uses. */
  methods: string[];
  decode(req: JsonRequest, ctx: PresetContext): Decoded | Promise<Decoded>;
  /** The answer for a push whose reads were all taken. */
  accepted(decoded: Extract<Decoded, { kind: 'reads' }>): JsonReply;
  /** The answer for a malformed push or a read the desk refused, in the device's own error form. */
  refused(reason: string, decoded: Decoded | undefined): JsonReply;
}

/** The first of `keys` that names a configured device. */
export function findDevice(
  config: GateScanConfig,
  keys: (string | undefined)[],
): { key: string; entry: DeviceEntry } | undefined {
  for (const key of keys)
    if (key !== undefined && key !== '' && Object.hasOwn(config.devices, key))
      return { key, entry: config.devices[key]! };
  return undefined;
}

/**
 * The device fields of a read: the device key (the desk takes its gate and lane) and, for a device without a
 * fixed direction, the direction the payload reported (mapped by the endpoint's `directions`).
 */
export function deviceFields(
  device: { key: string; entry: DeviceEntry },
  endpoint: VendorEndpointConfig,
  payloadDirection: string | undefined,
): Record<string, unknown> {
  const mapped = payloadDirection === undefined ? undefined : endpoint.directions[payloadDirection];
  return {
    device: device.key,
    ...(device.entry.direction === undefined && mapped ? { direction: mapped } : {}),
  };
}

/** Shifts a time the device wrote as its own wall clock (epoch ms) by the device's configured offset. */
export function deviceClockToUtc(wallMs: number, offset: string | undefined): number {
  if (offset === undefined || offset === 'Z') return wallMs;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset)!;
  const minutes = (Number(m[2]) * 60 + Number(m[3])) * (m[1] === '-' ? -1 : 1);
  return wallMs - minutes * 60_000;
}

/** A value as trimmed text ('' for null, undefined and objects). */
export const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A local time text (no offset) read in the device's offset when it has one; other times unchanged. */
export function inDeviceOffset(time: string, entry: DeviceEntry): string {
  if (entry.timeOffset === undefined) return time;
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(time)
    ? `${time.replace(' ', 'T')}${entry.timeOffset}`
    : time;
}

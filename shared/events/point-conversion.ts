// Converts between line-protocol points and typed events. Validation errors name the key and say why,
// so the ingest API can report "line 3, field processing_ms: expected an integer (4200i), got a float".
import type { FieldValue, Point } from '../line-protocol/types';
import type { MeasurementLayout, WireType } from './common';
import { isMeasurement, layouts, measurements, type PortEvent, schemas } from './event';
import { convertPoint } from './fast-conversion';
import { nsToMs } from './ns-to-ms';

export { nsToMs };

export interface ConversionIssue {
  /** Tag or field key the problem is about, when there is one. */
  key?: string;
  reason: string;
}

export type ConversionResult = { ok: true; event: PortEvent } | { ok: false; issue: ConversionIssue };

const kindExample: Record<FieldValue['kind'], string> = {
  float: 'a float (e.g. 1250.5)',
  integer: 'an integer with the i suffix (e.g. 42i)',
  unsigned: 'an unsigned integer with the u suffix (e.g. 42u)',
  string: 'a double-quoted string',
  boolean: 'a boolean (true/false)',
};

/** What a field was sent as, with its article: "got an unsigned integer", never "got a unsigned". */
const kindName: Record<FieldValue['kind'], string> = {
  float: 'a float',
  integer: 'an integer',
  unsigned: 'an unsigned integer',
  string: 'a string',
  boolean: 'a boolean',
};

function describeWire(type: WireType): string {
  if (type === 'tag') return 'a tag';
  if (type === 'booleanTag') return 'a tag with value true or false';
  return `a field holding ${kindExample[type]}`;
}

/**
 * Point → typed event. Keys outside the layout are allowed (Telegraf adds `host`, for instance): they stay on
 * the stored point and reach InfluxDB, but portpulse's own computations ignore them. Valid points take the
 * compiled checks; anything they refuse goes through zod, which names the key and says why.
 */
export function eventFromPoint(point: Point, receivedAtMs: number): ConversionResult {
  if (!isMeasurement(point.measurement)) {
    return {
      ok: false,
      issue: { reason: `unknown measurement "${point.measurement}"; accepted: ${measurements.join(', ')}` },
    };
  }
  const event = convertPoint(point, receivedAtMs, true);
  return event ? { ok: true, event } : eventFromPointWithZod(point, receivedAtMs);
}

/**
 * A point read back from the event log → event, without validation: the log holds only points that passed
 * eventFromPoint, in CRC-checked blocks. Undefined when the point does not have the layout (an old schema).
 */
export function eventFromStoredPoint(point: Point): PortEvent | undefined {
  return isMeasurement(point.measurement) ? convertPoint(point, 0, false) : undefined;
}

/** eventFromPoint through zod alone (the reference the compiled checks are tested against). */
export function eventFromPointWithZod(point: Point, receivedAtMs: number): ConversionResult {
  if (!isMeasurement(point.measurement)) {
    return {
      ok: false,
      issue: { reason: `unknown measurement "${point.measurement}"; accepted: ${measurements.join(', ')}` },
    };
  }
  const layout: MeasurementLayout = layouts[point.measurement];
  const record: Record<string, unknown> = {
    measurement: point.measurement,
    time: point.timestamp === undefined ? receivedAtMs : nsToMs(point.timestamp),
  };
  for (const [key, type] of Object.entries(layout)) {
    if (type === 'tag' || type === 'booleanTag') {
      if (key in point.fields)
        return { ok: false, issue: { key, reason: `${key} must be ${describeWire(type)}, not a field` } };
      const v = point.tags[key];
      if (v === undefined) continue; // zod reports the missing key with its own message
      if (type === 'booleanTag') {
        if (v !== 'true' && v !== 'false')
          return { ok: false, issue: { key, reason: `tag ${key} must be true or false, got "${v}"` } };
        record[key] = v === 'true';
      } else record[key] = v;
    } else {
      if (key in point.tags)
        return { ok: false, issue: { key, reason: `${key} must be ${describeWire(type)}, not a tag` } };
      const f = point.fields[key];
      if (f === undefined) continue;
      if (f.kind !== type)
        return {
          ok: false,
          issue: { key, reason: `field ${key} must be ${kindExample[type]}, got ${kindName[f.kind]}` },
        };
      record[key] = typeof f.value === 'bigint' ? bigintToNumber(f.value) : f.value;
    }
  }
  const parsed = schemas[point.measurement].safeParse(record);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const key = first.path.length > 0 ? String(first.path[0]) : undefined;
    const what = key === undefined ? '' : key === 'time' ? 'timestamp: ' : `${key}: `;
    const reason = first.code === 'invalid_type' && first.input === undefined ? 'missing' : first.message;
    return { ok: false, issue: { key, reason: `${what}${reason}` } };
  }
  return { ok: true, event: parsed.data };
}

function bigintToNumber(v: bigint): number {
  // Values past 2^53 cannot be a count or an epoch-ms time: let zod's range checks reject them.
  return Number(v);
}

/** Typed event → point (ns timestamp from `time` in ms, optionally with a sub-ms offset to keep events apart). */
export function pointFromEvent(event: PortEvent, subMsNs = 0n): Point {
  const layout: MeasurementLayout = layouts[event.measurement];
  const tags: Record<string, string> = {};
  const fields: Record<string, FieldValue> = {};
  const values = event as unknown as Record<string, unknown>;
  for (const [key, type] of Object.entries(layout)) {
    const v = values[key];
    if (v === undefined) continue;
    switch (type) {
      case 'tag':
        tags[key] = String(v);
        break;
      case 'booleanTag':
        tags[key] = v ? 'true' : 'false';
        break;
      case 'integer':
      case 'unsigned':
        fields[key] = { kind: type, value: BigInt(v as number) };
        break;
      case 'float':
        fields[key] = { kind: 'float', value: v as number };
        break;
      case 'string':
        fields[key] = { kind: 'string', value: v as string };
        break;
      case 'boolean':
        fields[key] = { kind: 'boolean', value: v as boolean };
        break;
    }
  }
  return {
    measurement: event.measurement,
    tags,
    fields,
    timestamp: BigInt(event.time) * 1_000_000n + subMsNs,
  };
}

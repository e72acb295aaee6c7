// The weighbridge collector's config file (JSON, validated at start-up; see README.md and weighbridge.sample.json).
import { z } from 'zod';
import { deviceTextSchema, idSchema } from '../../shared/events/common';
import type { LinkTarget } from '../common/devices/device-link';
import { serialLineOverrideSchema } from '../common/devices/serial-line';
import { collectorConfig, listenSchema } from '../common/runner/runner-config';
import { INDICATOR_PROTOCOLS, linePresets } from './indicator-protocols';
import type { StationOptions } from './station';

type LinkAddress = { tcp: { host: string; port: number } } | { device: string };

/** "tcp://host:port" for a serial-over-IP converter, or a device path such as /dev/ttyUSB0. */
export const linkTargetSchema = z.string().transform((s, ctx): LinkAddress => {
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[^:/\s]+):(\d{1,5})$/.exec(s);
  if (tcp && Number(tcp[2]) <= 65535)
    return { tcp: { host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) } };
  if (s.startsWith('/')) return { device: s };
  ctx.addIssue({ code: 'custom', message: 'expected tcp://host:port or a device path such as /dev/ttyUSB0' });
  return z.NEVER;
});

const int = (min: number, max: number, def: number) => z.number().int().min(min).max(max).default(def);

const bridgeFields = z.strictObject({
  id: idSchema,
  direction: z.enum(['in', 'out', 'auto']),
  protocol: z.enum(INDICATOR_PROTOCOLS),
  connection: linkTargetSchema,
  /** Serial line settings of a device path (fields left out come from the protocol's preset). */
  line: serialLineOverrideSchema.optional(),
  /** XK3190 tF=0 / tF=2: the unit the indicator displays. */
  unit: z.enum(['kg', 't']).default('kg'),
  /** The gate camera lane whose plate reads belong to this bridge. */
  camera: z.strictObject({ gate: idSchema, lane: idSchema }).optional(),
  /** Toledo continuous output: the terminal appends its checksum byte (a terminal setting). */
  checksum: z.boolean().default(false),
  /** MT-SICS: S waits for a stable weight, SI answers at once (stable or dynamic), SIR repeats SI unasked. */
  command: z.enum(['S', 'SI', 'SIR']).default('SI'),
  /** MT-SICS weights are net of the indicator's tare: "query" asks the tare (TA) every tareQueryMs; "none"
   * declares an indicator that is never tared, whose weights are then taken as gross. */
  tare: z.enum(['query', 'none']).default('query'),
  tareQueryMs: int(500, 600_000, 10_000),
  pollMs: int(20, 60_000, 250),
  replyTimeoutMs: int(50, 60_000, 2000),
  /** Reconnect when the link is silent this long (XK3190 streams ~10 frames/s). */
  idleTimeoutMs: int(0, 600_000, 10_000),
});

/** A bridge with its link resolved: a device path carries its full line settings. */
const bridgeSchema = bridgeFields.transform(({ line, connection, ...b }, ctx) => {
  if ('tcp' in connection) {
    if (line)
      ctx.addIssue({
        code: 'custom',
        path: ['line'],
        message:
          'line settings apply to a serial device path; a tcp:// converter has its line set on the converter',
      });
    return { ...b, connection: connection as LinkTarget };
  }
  const target: LinkTarget = { device: connection.device, line: { ...linePresets[b.protocol], ...line } };
  return { ...b, connection: target };
});

const vehicleSchema = z.strictObject({
  plate: deviceTextSchema(32).min(1),
  axles: z.number().int().min(2).max(12),
  tareKg: z.number().min(0).max(200_000).optional(),
  ratedPayloadKg: z.number().min(0).max(200_000).optional(),
});

export const weighbridgeConfigSchema = collectorConfig({
  site: idSchema,
  bridges: z
    .array(bridgeSchema)
    .min(1)
    .refine((bs) => new Set(bs.map((b) => b.id)).size === bs.length, 'bridge ids must be unique'),
  settle: z
    .strictObject({
      minKg: z.number().min(0).default(500),
      toleranceKg: z.number().min(0).default(20),
      stableMs: int(0, 60_000, 1500),
      minSamples: int(1, 1000, 3),
    })
    .prefault({}),
  plates: z.strictObject({
    /** Where the gate-scan collector (forwardPlates) and operators POST plates. */
    listen: listenSchema,
    windowSeconds: z.number().positive().max(3600).default(30),
  }),
  pairing: z
    .strictObject({
      rule: z.enum(['loaded-in', 'empty-in', 'vehicle-table']).default('loaded-in'),
      unknownPlate: z.enum(['loaded-in', 'empty-in', 'skip']).default('skip'),
      maxDwellHours: z
        .number()
        .positive()
        .max(24 * 30)
        .default(24),
      /** Keeps open in-weighings across restarts (relative to the config file). */
      stateFile: z.string().min(1).optional(),
    })
    .prefault({}),
  vehicles: z.array(vehicleSchema).default([]),
  defaults: z
    .strictObject({ axles: int(2, 12, 2), ratedPayloadKg: z.number().min(0).max(200_000).default(0) })
    .prefault({}),
  reconnect: z.strictObject({ minMs: int(10, 60_000, 500), maxMs: int(10, 600_000, 30_000) }).prefault({}),
  /** Warn when this share of a bridge's frames fails its check: a sign of a wrong baud rate or parity. */
  lineCheck: z
    .strictObject({
      windowSeconds: int(5, 3600, 60),
      warnPercent: z.number().min(1).max(100).default(20),
      minFrames: int(1, 100_000, 20),
    })
    .prefault({}),
}).superRefine((c, ctx) => {
  if (c.pairing.rule === 'vehicle-table' && !c.vehicles.some((v) => v.tareKg !== undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['vehicles'],
      message: 'the vehicle-table rule needs vehicles with tareKg',
    });
});
export type WeighbridgeConfig = z.output<typeof weighbridgeConfigSchema>;
export type BridgeConfig = WeighbridgeConfig['bridges'][number];

/** The station's settings from a config; `hooks` give the clock, the outputs and the state callback. */
export function stationOptions(
  c: WeighbridgeConfig,
  hooks: Pick<StationOptions, 'now' | 'emit' | 'log' | 'onStateChange'>,
): StationOptions {
  return {
    bridges: c.bridges,
    settle: c.settle,
    plateWindowMs: c.plates.windowSeconds * 1000,
    pairing: {
      site: c.site,
      rule: c.pairing.rule,
      unknownPlate: c.pairing.unknownPlate,
      vehicles: new Map(c.vehicles.map((v) => [v.plate, v])),
      defaults: c.defaults,
      maxDwellMs: c.pairing.maxDwellHours * 3_600_000,
    },
    ...hooks,
  };
}

// The config sections every collector file shares: where to send events (server, spool, batching, retry)
// and how to report health. Collector schemas extend `collectorConfig` with their own keys.
import { z } from 'zod';

export const httpUrlSchema = z
  .string()
  .refine((s) => /^https?:\/\/[^\s/]+/.test(s) && URL.canParse(s), 'expected an http(s) URL');

/** "host:port" → { host, port }; "[::1]:9273" works too. */
export const listenSchema = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/, 'expected host:port, e.g. 127.0.0.1:9273')
  .transform((s) => {
    const at = s.lastIndexOf(':');
    return { host: s.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(s.slice(at + 1)) };
  })
  .refine((l) => l.port <= 65535, 'port must be at most 65535');
export type Listen = z.output<typeof listenSchema>;

const ms = (def: number, min = 0) => z.number().int().min(min).default(def);

export const serverSectionSchema = z.strictObject({
  url: httpUrlSchema.default('http://127.0.0.1:8080'),
  /** API token; default PORTPULSE_TOKEN. */
  token: z.string().min(1).optional(),
  org: z.string().min(1).optional(),
  bucket: z.string().min(1).optional(),
  /** Spool directory, relative to the config file (default spool/<collector>). */
  spoolDir: z.string().min(1).optional(),
  batchSize: z.number().int().min(1).max(10_000).default(1000),
  flushIntervalMs: ms(1000),
  minRetryDelayMs: ms(1000, 1),
  maxRetryDelayMs: ms(30_000, 1),
  fsync: z.boolean().default(true),
  closeTimeoutSeconds: z.number().min(0).max(3600).default(10),
});
export type ServerSection = z.output<typeof serverSectionSchema>;

export const healthSectionSchema = z.strictObject({
  /** Seconds between JSON stats lines on stdout; 0 turns them off. */
  statsSeconds: z.number().min(0).default(60),
  /** Serve GET /health (JSON; 200 ok, 503 degraded) on this host:port. */
  listen: listenSchema.optional(),
});
export type HealthSection = z.output<typeof healthSectionSchema>;

export interface RunnerSections {
  server: ServerSection;
  health: HealthSection;
}

/** A strict collector config schema: the shared sections plus the collector's own keys. */
export function collectorConfig<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({
    ...shape,
    server: serverSectionSchema.prefault({}),
    health: healthSectionSchema.prefault({}),
  });
}

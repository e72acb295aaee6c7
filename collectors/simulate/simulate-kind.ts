// The simulators as a runner collector: `portpulse-collect simulate --config file.json` runs the demo sites'
// simulated gates, weighbridges and flights through the shared spooling writer (optionally after a backfill).
// The standalone simulate/cli.ts (flags, in-memory retry buffer) remains for the demo.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { defaultSites } from '../../shared/sites/default-sites';
import { siteRegistrySchema } from '../../shared/sites/registry';
import { defineCollector } from '../common/runner/collector-kind';
import { collectorConfig } from '../common/runner/runner-config';
import type { Collector, EventSink } from '../contract';
import { HOUR_MS } from './local-time';
import { SimulatedCollector } from './simulated-collector';
import { createSiteSimulator, generateAll } from './site-simulator';

const BACKFILL_CHUNK_MS = 5 * 60_000;

export const simulateConfigSchema = collectorConfig({
  /** Site registry file (JSON array, relative to the config file); default: the 7 demo sites. */
  sites: z.string().min(1).optional(),
  /** Only these site ids (default: all of the registry). */
  only: z.array(z.string()).optional(),
  speed: z.number().positive().max(1000).default(1),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(42),
  backfillHours: z.number().min(0).max(744).default(0),
});
export type SimulateConfig = z.output<typeof simulateConfigSchema>;

export const simulateKind = defineCollector({
  name: 'simulate',
  summary: 'simulated gates, weighbridges and flights of the demo (or configured) sites',
  schema: simulateConfigSchema,
  create(config, context): Collector {
    const raw = config.sites
      ? JSON.parse(readFileSync(resolve(context.configDir, config.sites), 'utf8'))
      : defaultSites;
    const registry = siteRegistrySchema.parse(raw);
    const sites = config.only ? registry.filter((s) => config.only!.includes(s.id)) : registry;
    if (sites.length === 0) throw new Error('no site to simulate: check "only"');
    const now = Date.now();
    const fromMs = now - config.backfillHours * HOUR_MS;
    const simulators = sites.map((s) =>
      createSiteSimulator(s, { seed: config.seed, speed: config.speed, startMs: fromMs }),
    );
    let live: SimulatedCollector | undefined;
    let generated = 0;
    return {
      name: `simulate:${sites.length} sites`,
      async start(sink: EventSink) {
        let cursor = fromMs;
        for (; cursor < now; cursor += BACKFILL_CHUNK_MS) {
          const events = generateAll(simulators, cursor, Math.min(now, cursor + BACKFILL_CHUNK_MS));
          generated += events.length;
          await sink.write(events);
        }
        live = new SimulatedCollector({
          simulators,
          fromMs: now, // the backfill ended there
          onBatch: (n) => {
            generated += n;
          },
        });
        await live.start(sink);
      },
      stop: async () => live?.stop(),
      stats: () => ({ generated }),
    };
  },
});

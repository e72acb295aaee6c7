// How the runner knows a collector: its name, its config schema, and how to build it from a valid config.
// `defineCollector` hides each collector's config type behind `parse`, so the CLI can hold them in one list.
import type { z } from 'zod';
import type { Logger } from '../../../shared/logger';
import type { Collector } from '../../contract';
import { parseConfig } from './config-file';
import type { RunnerSections } from './runner-config';

export interface CollectorContext {
  /** Directory of the config file: relative paths in it are resolved from here. */
  configDir: string;
  log: Logger;
}

export interface ParsedCollectorConfig {
  sections: RunnerSections;
  create(context: CollectorContext): Collector;
}

export interface CollectorKind {
  name: string;
  summary: string;
  /** Validates a config file's JSON; throws ConfigError naming `file`, the path and the reason. */
  parse(raw: unknown, file: string): ParsedCollectorConfig;
}

export function defineCollector<S extends z.ZodType<RunnerSections>>(kind: {
  name: string;
  summary: string;
  schema: S;
  create(config: z.output<S>, context: CollectorContext): Collector;
}): CollectorKind {
  return {
    name: kind.name,
    summary: kind.summary,
    parse(raw, file) {
      const config = parseConfig(file, raw, kind.schema);
      return {
        sections: { server: config.server, health: config.health },
        create: (context) => kind.create(config, context),
      };
    },
  };
}

// Collector config files: JSON read and validated by zod once, at start-up. Every problem is reported as
// "<file>: <path>: <reason>" (path like bridges.0.tcp), so an operator can fix them all in one go.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export interface ConfigProblem {
  /** Dotted path inside the file, '' for the whole file. */
  path: string;
  reason: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(problems.map((p) => `${file}: ${p.path || '(root)'}: ${p.reason}`).join('\n'));
  }
}

/** The file's JSON; a missing or unparsable file is a ConfigError. */
export function readConfigJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [{ path: '', reason: `cannot read the file: ${(e as Error).message}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [{ path: '', reason: `not valid JSON: ${(e as Error).message}` }]);
  }
}

/** Validates `raw` with `schema`; all issues become one ConfigError naming `file`. */
export function parseConfig<S extends z.ZodType>(file: string, raw: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    file,
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), reason: i.message })),
  );
}

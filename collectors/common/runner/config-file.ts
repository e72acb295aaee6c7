// Collector config files: JSON read and validated by zod once, at start-up. Every problem is reported as
// "<file>: <path>: <reason>" (path like bridges.0.tcp), so an operator can fix them all in one go.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from '../../../shared/config-error';

/** The file's JSON; a missing or unparsable file is a ConfigError. */
export function readConfigJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw ConfigError.inFile(file, [{ path: '', reason: `cannot read the file: ${(e as Error).message}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw ConfigError.inFile(file, [{ path: '', reason: `not valid JSON: ${(e as Error).message}` }]);
  }
}

/** Validates `raw` with `schema`; all issues become one ConfigError naming `file`. */
export function parseConfig<S extends z.ZodType>(file: string, raw: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw ConfigError.inFile(
    file,
    parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), reason: i.message })),
  );
}

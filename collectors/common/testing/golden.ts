// Golden test cases, Telegraf style: <collector>/testcases/<case>/input (+ config.json) → expected.lp. The
// events a case produces are written as line protocol by the shared codec and compared with expected.lp.
// UPDATE_GOLDEN=1 rewrites expected.lp from the current output (review the diff before committing).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { PortEvent } from '../../../shared/events/event';
import { eventLines } from '../transport/event-lines';

export interface GoldenCase {
  name: string;
  dir: string;
  /** Path of the case's input file. */
  input: string;
  /** The case's config.json, when it has one. */
  config: Record<string, unknown> | undefined;
}

export function goldenCases(collectorDir: string): GoldenCase[] {
  const root = join(collectorDir, 'testcases');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = join(root, d.name);
      const configPath = join(dir, 'config.json');
      return {
        name: d.name,
        dir,
        input: join(dir, 'input'),
        config: existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : undefined,
      };
    });
}

export function expectGolden(c: GoldenCase, events: PortEvent[]): void {
  const actual = eventLines(events, (e, err) => {
    throw new Error(`cannot format ${e.measurement}: ${err.message}`);
  })
    .map((l) => `${l}\n`)
    .join('');
  const path = join(c.dir, 'expected.lp');
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual, `${c.name}: output differs from expected.lp`).toBe(readFileSync(path, 'utf8'));
}

/** A case's expected.json, when it has one: counters its run must show and warnings it must have logged. */
export function expectGoldenExtras(
  c: GoldenCase,
  run: { stats: Record<string, unknown>; warnings: string[] },
): void {
  const path = join(c.dir, 'expected.json');
  if (!existsSync(path)) return;
  const want = JSON.parse(readFileSync(path, 'utf8')) as {
    stats?: Record<string, number>;
    warnings?: string[];
  };
  expect(run.stats).toMatchObject(want.stats ?? {});
  for (const w of want.warnings ?? []) expect(run.warnings.join('\n')).toContain(w);
}

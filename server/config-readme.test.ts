// The README's configuration table lists exactly the variables of the config schema, each with the schema's
// default (a row may name several variables, "`A` / `B`", with their defaults in the same order).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from './config';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Configuration'));
const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| variable |')) + 1);

/** Each variable of the table with its default as written: the backticked value, or undefined for none. */
function documented(): Map<string, string | undefined> {
  const rows = new Map<string, string | undefined>();
  for (const line of table.split('\n')) {
    if (!line.startsWith('| `PORTPULSE_')) continue;
    const [names = '', defaults = ''] = line.split(' | ').map((c) => c.replace(/^\| /, ''));
    const vars = names.split(' / ').map((n) => n.replace(/`/g, '').trim());
    const values = defaults.startsWith('`')
      ? defaults.split(' / ').map((d) => /^`([^`]*)`/.exec(d.trim())?.[1])
      : vars.map(() => undefined);
    vars.forEach((v, i) => {
      expect(rows.has(v), `${v} is listed twice`).toBe(false);
      rows.set(v, values.length === vars.length ? values[i] : values[0]);
    });
  }
  return rows;
}

/** The schema's default of a variable as the README writes it, or undefined when it has none. */
function schemaDefault(name: string): string | undefined {
  const parsed = envSchema.shape[name as keyof typeof envSchema.shape].safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? String(parsed.data) : undefined;
}

describe('README configuration table', () => {
  it('lists exactly the variables of the config schema', () => {
    expect([...documented().keys()].sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('gives each variable the default of the schema', () => {
    const table = documented();
    for (const name of Object.keys(envSchema.shape))
      expect(table.get(name), `default of ${name}`).toBe(schemaDefault(name));
  });
});

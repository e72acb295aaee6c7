// Reads and validates the rules file (JSON or YAML: the `yaml` library reads both, JSON being YAML 1.2).
// Every problem is reported as `<file>: <path>: <reason>` (or `<file>:<line>:<column>: <reason>` for syntax),
// all of them at once, so one edit fixes the file.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { SiteInfo } from '../../../shared/sites/registry';
import { checkRules } from './check-rules';
import { type RulesFile, rulesFileSchema } from './rules-schema';

export class RulesFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const pathText = (path: readonly PropertyKey[]) =>
  path.length === 0 ? '(top level)' : path.map(String).join('.');

export function parseRulesText(text: string, file: string, sites: readonly SiteInfo[]): RulesFile {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0)
    throw new RulesFileError(
      file,
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return `${file}:${at ? `${at.line}:${at.col}` : '?'}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  const parsed = rulesFileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success)
    throw new RulesFileError(
      file,
      parsed.error.issues.map((i) => `${file}: ${pathText(i.path)}: ${i.message}`),
    );
  const issues = checkRules(parsed.data, sites);
  if (issues.length > 0)
    throw new RulesFileError(
      file,
      issues.map((i) => `${file}: ${pathText(i.path)}: ${i.message}`),
    );
  return parsed.data;
}

export async function loadRulesFile(file: string, sites: readonly SiteInfo[]): Promise<RulesFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new RulesFileError(file, [`${file}: cannot read: ${(e as Error).message}`]);
  }
  return parseRulesText(text, file, sites);
}

// Reads the API tokens at start-up from PORTPULSE_TOKENS_FILE (JSON or `write:<token>` / `read:<token>` lines)
// and PORTPULSE_WRITE_TOKENS / PORTPULSE_READ_TOKENS (comma-separated). Only SHA-256 hashes are kept.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../shared/config-error';

export type Scope = 'read' | 'write';

/** A configured token: a hash to compare against and a name safe to log (never derived from the secret). */
export interface TokenEntry {
  id: string;
  hash: Buffer;
  scopes: ReadonlySet<Scope>;
}

export interface TokenSources {
  file: string | undefined;
  write: string | undefined;
  read: string | undefined;
}

/** Shorter tokens are refused: they could be guessed over the network. */
export const MIN_TOKEN_LENGTH = 16;

export const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

const tokenFileJson = z.strictObject({
  write: z.array(z.string()).default([]),
  read: z.array(z.string()).default([]),
});

function parseTokenFile(path: string): { scope: Scope; token: string; where: string }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`PORTPULSE_TOKENS_FILE: cannot read ${path}: ${(e as NodeJS.ErrnoException).code}`);
  }
  if (text.trimStart().startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ConfigError(`PORTPULSE_TOKENS_FILE (${path}) is not valid JSON`);
    }
    const parsed = tokenFileJson.safeParse(json);
    if (!parsed.success)
      throw new ConfigError(`PORTPULSE_TOKENS_FILE (${path}): expected { "write": [...], "read": [...] }`);
    return (['write', 'read'] as const).flatMap((scope) =>
      parsed.data[scope].map((token, i) => ({ scope, token, where: `${path} ${scope}[${i}]` })),
    );
  }
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return [];
    const m = /^(write|read):(.*)$/.exec(line);
    if (!m)
      throw new ConfigError(
        `PORTPULSE_TOKENS_FILE (${path}) line ${i + 1}: expected write:<token> or read:<token>`,
      );
    return [{ scope: m[1] as Scope, token: m[2]!.trim(), where: `${path} line ${i + 1}` }];
  });
}

const fromList = (list: string | undefined, scope: Scope, variable: string) =>
  (list ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((token, i) => ({ scope, token, where: `${variable} #${i + 1}` }));

/** All configured tokens; the same token listed for read and write gets both scopes. */
export function loadTokens(sources: TokenSources): TokenEntry[] {
  const all = [
    ...(sources.file ? parseTokenFile(sources.file) : []),
    ...fromList(sources.write, 'write', 'PORTPULSE_WRITE_TOKENS'),
    ...fromList(sources.read, 'read', 'PORTPULSE_READ_TOKENS'),
  ];
  const byHash = new Map<string, { hash: Buffer; scopes: Set<Scope> }>();
  for (const { scope, token, where } of all) {
    if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))
      throw new ConfigError(
        `token at ${where} is too short or contains spaces: use at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24)`,
      );
    const hash = hashToken(token);
    const key = hash.toString('hex');
    const entry = byHash.get(key) ?? { hash, scopes: new Set<Scope>() };
    entry.scopes.add(scope);
    byHash.set(key, entry);
  }
  return [...byHash.values()].map((e, i) => ({ id: `token#${i + 1}`, hash: e.hash, scopes: e.scopes }));
}

/** True when the token file can be read by other users of the machine (worth a warning at start-up). */
export function tokenFileIsWorldReadable(path: string | undefined): boolean {
  if (!path) return false;
  try {
    return (statSync(path).mode & 0o004) !== 0;
  } catch {
    return false;
  }
}

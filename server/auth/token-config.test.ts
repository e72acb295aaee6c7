// Token configuration: file (JSON or lines) and env lists, scopes merged per token, weak tokens refused,
// and the token itself never part of an error message.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/config-error';
import { tempDir } from '../testing/test-config';
import { TicketBook } from './tickets';
import { loadTokens } from './token-config';
import { TokenStore } from './token-store';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const file = (name: string, text: string) => {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
};
const none = { file: undefined, write: undefined, read: undefined };
const W = 'w-aaaaaaaaaaaaaaaaaaaa';
const R = 'r-bbbbbbbbbbbbbbbbbbbb';

describe('loadTokens', () => {
  it('reads write:/read: lines with comments, JSON, and env lists', () => {
    const lines = file('tokens', `# collectors\nwrite:${W}\n\nread:${R}\n`);
    const json = file('tokens.json', JSON.stringify({ write: [W], read: [R] }));
    for (const sources of [
      { ...none, file: lines },
      { ...none, file: json },
      { ...none, write: ` ${W} ,`, read: R },
    ]) {
      const store = new TokenStore(loadTokens(sources));
      expect(store.verify(W)?.scopes).toEqual(new Set(['write']));
      expect(store.verify(R)?.scopes).toEqual(new Set(['read']));
      expect(store.verify('w-aaaaaaaaaaaaaaaaaaab')).toBeUndefined();
    }
  });

  it('gives a token listed for both scopes both, under one log-safe id', () => {
    const tokens = loadTokens({ ...none, write: W, read: W });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.id).toBe('token#1');
    expect(tokens[0]!.scopes).toEqual(new Set(['read', 'write']));
  });

  it('refuses short tokens, bad lines and bad JSON without echoing the token', () => {
    const cases = [
      { ...none, write: 'short-secret' },
      { ...none, file: file('bad', `admin:${W}\n`) },
      { ...none, file: file('bad.json', `{"write": "${W}"}`) },
      { ...none, file: join(dir.path, 'missing') },
    ];
    for (const sources of cases) {
      let error: unknown;
      try {
        loadTokens(sources);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(String(error)).not.toContain('short-secret');
      expect(String(error)).not.toContain(W);
    }
  });
});

describe('TicketBook', () => {
  it('redeems a ticket once and not after 30 s', () => {
    let now = 1_000_000;
    const book = new TicketBook(() => now);
    const principal = { id: 'token#1', scopes: new Set(['read' as const]) };
    const a = book.issue(principal);
    const b = book.issue(principal);
    expect(a.ticket).not.toBe(b.ticket);
    expect(a.ticket.length).toBeGreaterThanOrEqual(43);
    expect(book.redeem(a.ticket)).toEqual(principal);
    expect(book.redeem(a.ticket)).toBeUndefined();
    now += 30_001;
    expect(book.redeem(b.ticket)).toBeUndefined();
  });
});
